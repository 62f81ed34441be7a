using System.Security.Cryptography;
using System.Text;
using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;
using Kms.Testing;

namespace Kms.Actors.Tests.Vectors;

/// <summary>Made the committed <see cref="CryptoVectors"/> with the code of their day; the guards never call it.</summary>
public sealed class CryptoVectorGenerator
{
    private const string Passphrase = "known-answer vectors, not a secret";
    private const string KeyId = "0b5e4c1a-8f2d-4e6b-9a7c-3d1f2e4b5a60";
    private const string OtherKeyId = "f3a9d2c4-1b6e-4a8f-8c7d-5e2b9a1c0d34";

    [GeneratorFact]
    public void Generator_writes_the_crypto_vectors()
    {
        var target = Path.Combine(GeneratorFactAttribute.SourceDirectory("Kms.Actors.Tests"), "Vectors");
        var masterKeyDirectory = Path.Combine(target, CryptoVectors.MasterKeyDirectory);
        if (Directory.Exists(masterKeyDirectory)) Directory.Delete(masterKeyDirectory, recursive: true);
        var masterKey = MasterKeyParametersFile.DeriveOrCreate(masterKeyDirectory, Passphrase);

        var materials = new Dictionary<(string, int), byte[]>
        {
            [(KeyId, 1)] = RandomNumberGenerator.GetBytes(32),
            [(KeyId, 2)] = RandomNumberGenerator.GetBytes(32),
            [(KeyId, 3)] = RandomNumberGenerator.GetBytes(32),
            [(OtherKeyId, 7)] = RandomNumberGenerator.GetBytes(32),
        };
        var wrapped = materials.Select(m => new CryptoVectors.WrappedKey(
            m.Key.Item1, m.Key.Item2, Hex(m.Value), Hex(KeyWrap.AssociatedData(CryptoVectors.Format1(m.Key.Item1, m.Key.Item2))),
            Convert.ToBase64String(KeyWrap.Wrap(masterKey, CryptoVectors.Format1(m.Key.Item1, m.Key.Item2), m.Value)))).ToList();

        var large = new byte[4096];
        for (var i = 0; i < large.Length; i++) large[i] = (byte)(i * 7 + 3);
        var cases = new (string Name, string KeyId, int Version, Dictionary<string, string>? Context, byte[] Plaintext)[]
        {
            ("version 1, no encryption context", KeyId, 1, null, Encoding.UTF8.GetBytes("written today, read forever")),
            ("version 1, encryption context", KeyId, 1, new() { ["tenant"] = "acme", ["purpose"] = "backup" }, Encoding.UTF8.GetBytes("context bound")),
            ("version 2, encryption context", KeyId, 2, new() { ["a"] = "bc" }, Encoding.UTF8.GetBytes("second version")),
            ("version 3, no encryption context, 4096-byte plaintext", KeyId, 3, null, large),
            ("version 3, empty encryption context", KeyId, 3, new(), [0x00]),
            ("version 7 of another key, context sorted by ordinal with non-ASCII", OtherKeyId, 7,
                new() { ["b"] = "1", ["B"] = "2", ["ä"] = "ü €", [""] = "" }, Encoding.UTF8.GetBytes("ordinal order")),
        };
        var ciphertexts = cases.Select(c =>
        {
            var material = materials[(c.KeyId, c.Version)];
            var blob = DataCipher.Encrypt(material, c.KeyId, c.Version, c.Plaintext, c.Context);
            var headerSize = CiphertextFormat.HeaderSize(Encoding.UTF8.GetByteCount(c.KeyId));
            return new CryptoVectors.Ciphertext(c.Name, c.KeyId, c.Version, Hex(material), c.Context,
                Hex(EncryptionContextEncoding.Encode(c.Context)), Convert.ToBase64String(c.Plaintext), Hex(blob.AsSpan(0, headerSize)),
                Convert.ToBase64String(blob));
        }).ToList();

        var set = new CryptoVectors.Set(
            "Known-answer vectors of the ciphertext format v1 (docs/ciphertext-format.md), key wrapping and the master key, "
            + "made by CryptoVectorGenerator. Test data: no key here protects anything. Never edit; never regenerate to make a test pass.",
            Passphrase, Hex(masterKey), wrapped, ciphertexts);
        File.WriteAllText(Path.Combine(target, CryptoVectors.FileName), System.Text.Json.JsonSerializer.Serialize(set, CryptoVectors.Json) + "\n");
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
