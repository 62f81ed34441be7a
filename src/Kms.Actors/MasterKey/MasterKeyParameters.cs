using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>
/// The software master key's public parameters (salt, iterations, check value). They hold nothing
/// secret: the key itself is derived from the passphrase at every start, and checked against them.
/// </summary>
public static class MasterKeyParameters
{
    private const string Kdf = "PBKDF2-HMAC-SHA256";

    /// <summary>
    /// Derives the master key. The first start stores new parameters; later starts (and other nodes) check
    /// the passphrase against them and throw <see cref="WrongPassphraseException"/> without writing anything.
    /// </summary>
    public static byte[] DeriveOrCreate(IMasterKeyParameterStore store, string passphrase, int iterations = MasterKeyDerivation.MinimumIterations)
    {
        if (store.Read() is { } existing) return DeriveExisting(existing, passphrase);

        var salt = RandomNumberGenerator.GetBytes(MasterKeyDerivation.SaltSize);
        var masterKey = MasterKeyDerivation.Derive(passphrase, salt, iterations);
        var parameters = new Parameters(1, Kdf, iterations, Convert.ToBase64String(salt), Convert.ToBase64String(MasterKeyDerivation.CheckValue(masterKey)));
        if (store.TryCreate(JsonSerializer.Serialize(parameters, new JsonSerializerOptions { WriteIndented = true }))) return masterKey;

        // Another node stored first: its parameters win, and the passphrase must match them.
        Array.Clear(masterKey);
        return DeriveExisting(store.Read() ?? throw new InvalidDataException("The master key parameters vanished."), passphrase);
    }

    /// <summary>The master key of an existing installation, or null where none was ever created.</summary>
    public static byte[]? DeriveIfPresent(IMasterKeyParameterStore store, string passphrase) =>
        store.Read() is { } existing ? DeriveExisting(existing, passphrase) : null;

    private static byte[] DeriveExisting(string json, string passphrase)
    {
        var stored = JsonSerializer.Deserialize<Parameters>(json) ?? throw new InvalidDataException("The master key parameters are empty.");
        if (stored.Format != 1 || stored.Kdf != Kdf) throw new InvalidDataException("The master key parameters have an unknown format.");
        var key = MasterKeyDerivation.Derive(passphrase, Convert.FromBase64String(stored.Salt), stored.Iterations);
        if (MasterKeyDerivation.Matches(key, Convert.FromBase64String(stored.Check))) return key;
        Array.Clear(key);
        throw new WrongPassphraseException();
    }

    private sealed record Parameters(
        [property: JsonPropertyName("format")] int Format,
        [property: JsonPropertyName("kdf")] string Kdf,
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("salt")] string Salt,
        [property: JsonPropertyName("check")] string Check);
}
