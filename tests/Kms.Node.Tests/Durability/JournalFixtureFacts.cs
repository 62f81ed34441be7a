using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// What the journal fixture held when it was written (<c>Fixtures/journal-v1/fixture.json</c>), as the API answered
/// then: every key's metadata, tags and rotations, the aliases, and ciphertexts and MACs made with the keys.
/// </summary>
public static class JournalFixtureFacts
{
    public const string FileName = "fixture.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Facts Load() =>
        JsonSerializer.Deserialize<Facts>(File.ReadAllText(Path.Combine(JournalFixture.Directory, FileName)), Json)
        ?? throw new InvalidDataException($"{FileName} is empty.");

    public sealed record Facts(
        string About,
        IReadOnlyList<Key> Keys,
        IReadOnlyList<DestroyedKey> DestroyedKeys,
        IReadOnlyList<Alias> Aliases,
        IReadOnlyList<string> DeletedAliases,
        IReadOnlyList<Ciphertext> Ciphertexts,
        IReadOnlyList<Mac> Macs);

    /// <summary>
    /// A live key: <see cref="Metadata"/> holds the DescribeKey fields that come from its events; <see cref="Rotation"/>
    /// is GetKeyRotationStatus (null for HMAC keys); <see cref="Recovery"/> says what the journal holds for it.
    /// </summary>
    public sealed record Key(
        string Role, string KeyId, JsonObject Metadata, IReadOnlyDictionary<string, string> Tags, JsonObject? Rotation,
        IReadOnlyList<DateTimeOffset>? RotationDates, string Recovery)
    {
        public override string ToString() => Role;
    }

    /// <summary>A key destroyed after its waiting period, and a blob made under it that must stay undecryptable.</summary>
    public sealed record DestroyedKey(string KeyId, string Blob);

    public sealed record Alias(string AliasName, string TargetKeyId);

    public sealed record Ciphertext(string Name, string KeyId, int KeyVersion, IReadOnlyDictionary<string, string>? EncryptionContext, string Plaintext, string Blob)
    {
        public override string ToString() => Name;
    }

    public sealed record Mac(string KeyId, string MacAlgorithm, string Message, string Value);
}
