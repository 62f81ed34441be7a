using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>With <c>GOKMS_CRYPTO_PROVIDER=hsm</c>: the PKCS#11 library, the key's label, and a slot or a token label.</summary>
public sealed class HsmOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        if (!options.UsesHsm) return ValidateOptionsResult.Success;
        var problems = new List<string>();
        if (!NodeOptions.IsSet(options.HsmLibrary)) problems.Add("GOKMS_HSM_LIB is not set (the path of the PKCS#11 library).");
        if (!NodeOptions.IsSet(options.HsmKeyLabel)) problems.Add("GOKMS_HSM_AES_KEYID is not set (the label of the AES key in the token).");
        if (NodeOptions.IsSet(options.HsmSlot) && ParseSlot(options.HsmSlot) is null)
            problems.Add($"GOKMS_HSM_SLOT '{options.HsmSlot}' is not a slot number.");
        if (!NodeOptions.IsSet(options.HsmSlot) && !NodeOptions.IsSet(options.Kms.Hsm.TokenLabel))
            problems.Add("Set GOKMS_HSM_SLOT (slot id) or Kms__Hsm__TokenLabel (token label).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static ulong? ParseSlot(string? text) =>
        NodeOptions.IsSet(text) && ulong.TryParse(text.Trim(), out var slot) ? slot : null;
}
