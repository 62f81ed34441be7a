using System.Globalization;

namespace Kms.Cli.Arguments;

/// <summary>The options and positional arguments of one command line, by option name (without dashes).</summary>
internal sealed class ParsedArguments(string command, Dictionary<string, List<string>> values, HashSet<string> flags, List<string> positionals)
{
    public IReadOnlyList<string> Positionals => positionals;

    public bool Flag(string name) => flags.Contains(name);

    public string? Value(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => values.TryGetValue(name, out var list) ? list : [];

    public string Required(string name) =>
        Value(name) ?? throw new UsageException($"{command} needs --{name} (see kms {command} --help).");

    public int? Integer(string name) => Value(name) is { } text ? ParseInteger(text, "--" + name) : null;

    public int ParseInteger(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{what} must be a whole number, not '{text}'.");

    /// <summary>Repeated <c>k=v</c> options as a map; a pair without <c>=</c> or a key given twice is a usage error.</summary>
    public Dictionary<string, string>? Pairs(string name)
    {
        var given = Values(name);
        if (given.Count == 0) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in given)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new UsageException($"--{name} takes KEY=VALUE, not '{pair}'.");
            if (!map.TryAdd(pair[..equals], pair[(equals + 1)..])) throw new UsageException($"--{name} {pair[..equals]} is given twice.");
        }
        return map;
    }
}
