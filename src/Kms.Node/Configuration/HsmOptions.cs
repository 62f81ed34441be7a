namespace Kms.Node.Configuration;

/// <summary><c>Kms:Hsm</c>: the HSM settings go-kms has no variable for (the others are <c>GOKMS_HSM_*</c>).</summary>
public sealed class HsmOptions
{
    /// <summary>Finds the token by label, an alternative to <c>GOKMS_HSM_SLOT</c>.</summary>
    public string? TokenLabel { get; set; }

    public bool CreateKeyIfMissing { get; set; }
}
