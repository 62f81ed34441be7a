namespace Kms.Actors.MasterKey;

/// <summary>
/// Newly wrapped material did not check out (it does not unwrap to the same material, or the token used another
/// IV than the one recorded), so it must not be persisted: the key would be unrecoverable. Never holds material.
/// </summary>
public sealed class WrapCheckFailedException(string message, Exception? inner = null) : Exception(message, inner);
