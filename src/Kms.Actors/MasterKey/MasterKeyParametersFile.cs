using System.Text.Json;
using System.Text.Json.Serialization;
using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>
/// The software master key's public parameters (salt, iterations, check value), kept in
/// <c>master-key.json</c> in the data directory. They hold nothing secret: the key itself is derived from
/// the passphrase at every start.
/// </summary>
public static class MasterKeyParametersFile
{
    public const string FileName = "master-key.json";

    /// <summary>
    /// Derives the master key. The first start creates the parameters; later starts check the passphrase
    /// against them and throw <see cref="WrongPassphraseException"/> without touching the disk.
    /// </summary>
    public static byte[] DeriveOrCreate(string dataDirectory, string passphrase, int iterations = MasterKeyDerivation.MinimumIterations)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path)) return DeriveExisting(path, passphrase);

        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(MasterKeyDerivation.SaltSize);
        var masterKey = MasterKeyDerivation.Derive(passphrase, salt, iterations);
        var parameters = new Parameters(1, Kdf, iterations, Convert.ToBase64String(salt), Convert.ToBase64String(MasterKeyDerivation.CheckValue(masterKey)));
        Directory.CreateDirectory(dataDirectory);
        try
        {
            DurableFile.CreateNew(path, JsonSerializer.Serialize(parameters, new JsonSerializerOptions { WriteIndented = true }));
            return masterKey;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another node started first on the same directory: its parameters win, and must match.
            Array.Clear(masterKey);
            return DeriveExisting(path, passphrase);
        }
    }

    /// <summary>The master key of an existing installation, or null where none was ever created (used to read old keys during a migration).</summary>
    public static byte[]? DeriveIfPresent(string dataDirectory, string passphrase)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? DeriveExisting(path, passphrase) : null;
    }

    private static byte[] DeriveExisting(string path, string passphrase)
    {
        var stored = JsonSerializer.Deserialize<Parameters>(File.ReadAllText(path))
                     ?? throw new InvalidDataException($"{path} is empty.");
        if (stored.Format != 1 || stored.Kdf != Kdf) throw new InvalidDataException($"{path} has an unknown format.");
        var key = MasterKeyDerivation.Derive(passphrase, Convert.FromBase64String(stored.Salt), stored.Iterations);
        if (MasterKeyDerivation.Matches(key, Convert.FromBase64String(stored.Check))) return key;
        Array.Clear(key);
        throw new WrongPassphraseException();
    }

    private const string Kdf = "PBKDF2-HMAC-SHA256";

    private sealed record Parameters(
        [property: JsonPropertyName("format")] int Format,
        [property: JsonPropertyName("kdf")] string Kdf,
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("salt")] string Salt,
        [property: JsonPropertyName("check")] string Check);
}
