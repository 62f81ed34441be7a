using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kms.Cli.Tests.Envelope;

/// <summary>
/// A file <c>kms encrypt-file</c> wrote (<c>Vectors/envelope-v1.kmsf</c>) under a key of the journal fixture, and what
/// it must decrypt to (<c>Vectors/envelope-v1.json</c>): made by <see cref="EnvelopeVectorGenerator"/>, only read by the guards.
/// </summary>
public sealed record EnvelopeVector(string About, string KeyId, string WrappedKey, string DataKey, int ChunkSize, long Chunks, int PlaintextLength, string PlaintextSha256)
{
    public const string FileName = "envelope-v1.kmsf";
    public const string FactsName = "envelope-v1.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static string FilePath => Path.Combine(Directory, FileName);

    public static EnvelopeVector Load() =>
        JsonSerializer.Deserialize<EnvelopeVector>(File.ReadAllText(Path.Combine(Directory, FactsName)), Json)
        ?? throw new InvalidDataException($"{FactsName} is empty.");

    /// <summary>The plaintext the generator encrypted: longer than one chunk, so the file has a full chunk and a short last one.</summary>
    public static byte[] GeneratedPlaintext()
    {
        var plaintext = new byte[64 * 1024 + 1000];
        for (var i = 0; i < plaintext.Length; i++) plaintext[i] = (byte)(i * 31 + 7);
        return plaintext;
    }
}
