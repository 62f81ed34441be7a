using System.Text;
using System.Text.Json;

namespace Kms.Gateway.Auth;

/// <summary>
/// Reads the principals file (<c>Kms__Auth__PrincipalsFile</c>):
/// <c>{"principals": [{"name", "role", "sharedKey"?, "accessKeyId"?, "secretAccessKey"?, "keys"?}]}</c>.
/// Like ssh with its keys, it refuses a file that group or others can read.
/// </summary>
public static class PrincipalsFile
{
    /// <summary>Shorter shared keys and secret access keys are refused: they could be guessed.</summary>
    public const int MinimumSecretBytes = 16;

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads and checks the file; throws <see cref="InvalidDataException"/> saying what is wrong (never a secret).</summary>
    public static IReadOnlyList<Principal> Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"The principals file {path} does not exist.");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & groupOrOther) != 0)
                throw new InvalidDataException($"The principals file {path} is accessible by group or others; make it owner-only (chmod 600).");
        }

        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllBytes(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The principals file {path} is not valid JSON (line {e.LineNumber + 1}).");
        }
        if (document?.Principals is not { Count: > 0 } entries) throw new InvalidDataException($"The principals file {path} lists no principals.");

        var principals = new List<Principal>();
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            var where = $"principal #{index + 1}";
            if (string.IsNullOrWhiteSpace(entry.Name)) throw new InvalidDataException($"{where} has no name.");
            where = $"principal '{entry.Name}'";
            var role = entry.Role switch
            {
                "admin" => Role.Admin,
                "crypto" => Role.Crypto,
                "read" => Role.Read,
                _ => throw new InvalidDataException($"{where} has role '{entry.Role}'; use admin, crypto or read."),
            };
            if (string.IsNullOrEmpty(entry.SharedKey) && string.IsNullOrEmpty(entry.AccessKeyId))
                throw new InvalidDataException($"{where} has neither a sharedKey nor an accessKeyId.");
            if (!string.IsNullOrEmpty(entry.AccessKeyId) && string.IsNullOrEmpty(entry.SecretAccessKey))
                throw new InvalidDataException($"{where} has an accessKeyId but no secretAccessKey.");
            if (!string.IsNullOrEmpty(entry.SharedKey) && Encoding.UTF8.GetByteCount(entry.SharedKey) < MinimumSecretBytes)
                throw new InvalidDataException($"{where} has a sharedKey shorter than {MinimumSecretBytes} bytes; make a strong one (openssl rand -hex 32).");
            if (!string.IsNullOrEmpty(entry.SecretAccessKey) && Encoding.UTF8.GetByteCount(entry.SecretAccessKey) < MinimumSecretBytes)
                throw new InvalidDataException($"{where} has a secretAccessKey shorter than {MinimumSecretBytes} bytes; make a strong one (openssl rand -base64 30).");
            if (entry.Keys is { Count: 0 }) throw new InvalidDataException($"{where} has an empty keys list; omit it to allow every key.");
            principals.Add(new Principal(entry.Name, role,
                string.IsNullOrEmpty(entry.SharedKey) ? null : Encoding.UTF8.GetBytes(entry.SharedKey),
                string.IsNullOrEmpty(entry.AccessKeyId) ? null : entry.AccessKeyId,
                string.IsNullOrEmpty(entry.SecretAccessKey) ? null : entry.SecretAccessKey,
                entry.Keys));
        }
        Unique(principals.Select(p => p.Name), "name");
        Unique(principals.Where(p => p.AccessKeyId is not null).Select(p => p.AccessKeyId!), "accessKeyId");
        return principals;
    }

    private static void Unique(IEnumerable<string> values, string what)
    {
        var duplicate = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"Two principals share the {what} '{(what == "name" ? duplicate.Key : "…")}'.");
    }

    private sealed class Document
    {
        public List<Entry>? Principals { get; set; }
    }

    private sealed class Entry
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? SharedKey { get; set; }
        public string? AccessKeyId { get; set; }
        public string? SecretAccessKey { get; set; }
        public List<string>? Keys { get; set; }
    }
}
