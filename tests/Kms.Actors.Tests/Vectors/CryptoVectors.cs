using Kms.Actors.Crypto;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kms.Actors.Tests.Vectors;

/// <summary>
/// The committed known-answer vectors in <c>Vectors/crypto-vectors.json</c> and the master-key parameters beside
/// them, made once by <see cref="CryptoVectorGenerator"/> with the code of their day. Tests only read them: data
/// written then must stay readable, whatever the code that reads it becomes.
/// </summary>
public static class CryptoVectors
{
    public const string FileName = "crypto-vectors.json";

    /// <summary>The directory holding <c>master-key.json</c>, as a node's data directory holds it.</summary>
    public const string MasterKeyDirectory = "master-key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static Set Load() =>
        JsonSerializer.Deserialize<Set>(File.ReadAllText(Path.Combine(Directory, FileName)), Json)
        ?? throw new InvalidDataException($"{FileName} is empty.");

    /// <summary>Everything the vectors hold. Binary values are lower-case hex, plaintexts and blobs base64.</summary>
    public sealed record Set(string About, string Passphrase, string MasterKey, IReadOnlyList<WrappedKey> WrappedKeys, IReadOnlyList<Ciphertext> Ciphertexts);

    /// <summary>A key version's material, wrapped under <see cref="Set.MasterKey"/>, with the associated data that binds it.</summary>
    public sealed record WrappedKey(string KeyId, int Version, string Material, string AssociatedData, string Wrapped)
    {
        /// <summary>The committed wraps were made before wrap format 2: format 1 binds the key id and version only.</summary>
        public KeyWrapBinding Binding => Format1(KeyId, Version);
    }

    /// <summary>What wraps made before format 2 (every committed one) are bound to; spec and usage are not part of it.</summary>
    public static KeyWrapBinding Format1(string keyId, int version) =>
        new(keyId, version, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt, Format: 1);

    /// <summary>A blob of one key version: its header and encoded encryption context are exact bytes, the rest is random.</summary>
    public sealed record Ciphertext(
        string Name, string KeyId, int KeyVersion, string Material, IReadOnlyDictionary<string, string>? EncryptionContext,
        string EncodedContext, string Plaintext, string Header, string Blob);
}
