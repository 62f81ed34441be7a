using System.CommandLine;
using System.Globalization;

namespace Kms.Cli.Arguments;

/// <summary>One command line as System.CommandLine parsed it, read by option name (without dashes).</summary>
internal sealed class ParsedArguments(string command, ParseResult result, IReadOnlyDictionary<string, Option> options, IReadOnlyList<Argument<string>> parameters)
{
    public IReadOnlyList<string> Positionals => [.. parameters.Select(p => result.GetValue(p) ?? "")];

    public bool Flag(string name) => options.GetValueOrDefault(name) is Option<bool> flag && result.GetValue(flag);

    public string? Value(string name) => Values(name) is [.., var last] ? last : null;

    public IReadOnlyList<string> Values(string name) => options.GetValueOrDefault(name) switch
    {
        Option<string[]> repeatable => result.GetValue(repeatable) ?? [],
        Option<string> single when result.GetValue(single) is { } value => [value],
        _ => [],
    };

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
