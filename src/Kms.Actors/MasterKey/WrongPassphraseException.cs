namespace Kms.Actors.MasterKey;

/// <summary>The passphrase does not derive the master key this installation was created with.</summary>
public sealed class WrongPassphraseException()
    : Exception("The passphrase does not match this key store's master key (GOKMS_KSMC_PASSPHRASE). Nothing was changed.");
