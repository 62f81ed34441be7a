namespace Kms.Cli.Arguments;

/// <summary>Parses a command's arguments by hand: long and short options, <c>--name=value</c>, repeated options, <c>--</c>.</summary>
internal static class ArgumentParser
{
    public static ParsedArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var onlyPositionals = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || arg == "-" || !arg.StartsWith('-'))
            {
                positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }
            var (name, inline) = Split(arg);
            var spec = Find(options, name, arg.StartsWith("--", StringComparison.Ordinal))
                ?? throw new UsageException($"unknown option '{arg}' for 'kms {command}' (see kms {command} --help).");
            if (!spec.TakesValue)
            {
                if (inline is not null) throw new UsageException($"--{spec.Name} takes no value.");
                flags.Add(spec.Name);
                continue;
            }
            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{spec.Name} needs a value ({spec.ValueName})."));
            if (!values.TryGetValue(spec.Name, out var list)) values[spec.Name] = list = [];
            else if (!spec.Repeatable) throw new UsageException($"--{spec.Name} is given twice.");
            list.Add(value);
        }
        foreach (var spec in options)
            if (spec.Required && !values.ContainsKey(spec.Name))
                throw new UsageException($"{command} needs --{spec.Name} {spec.ValueName} (see kms {command} --help).");
        return new ParsedArguments(command, values, flags, positionals);
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var body = arg.TrimStart('-');
        var equals = body.IndexOf('=');
        return equals < 0 ? (body, null) : (body[..equals], body[(equals + 1)..]);
    }

    private static OptionSpec? Find(IReadOnlyList<OptionSpec> options, string name, bool isLong) =>
        options.FirstOrDefault(o => isLong ? o.Name == name : o.ShortName == name);
}
