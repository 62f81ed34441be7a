using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary>Options and limits the crypto commands share.</summary>
internal static class CryptoOptions
{
    /// <summary>Encrypt's and GenerateMac's plaintext limit, as AWS KMS's; larger data goes through encrypt-file.</summary>
    public const int MaxPlaintextBytes = 4096;

    /// <summary>Ciphertext blobs are a few hundred bytes over their plaintext; anything near the service's body limit is not one.</summary>
    public const int MaxCiphertextBytes = 64 * 1024;

    public static OptionSpec KeyId(string help, bool required = true) => new("key-id", help, "KEYID", Required: required);

    public static readonly OptionSpec In = new("in", "read from FILE (- or none: stdin)", "FILE");
    public static readonly OptionSpec Out = new("out", "write to FILE (- or none: stdout)", "FILE");
    public static readonly OptionSpec Context = new("context", "encryption context pair", "KEY=VALUE", Repeatable: true);

    public static OptionSpec Base64(string help) => new("base64", help);

    public static JsonObject? Map(Dictionary<string, string>? pairs) =>
        pairs is null ? null : new JsonObject(pairs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
}
