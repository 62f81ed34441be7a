using Kms.Cli.Arguments;
using Kms.Cli.Commands.Aliases;
using Kms.Cli.Commands.Crypto;
using Kms.Cli.Commands.Files;
using Kms.Cli.Commands.Keys;
using Kms.Cli.Output;

namespace Kms.Cli.Commands;

/// <summary>Finds the command an argument list names, parses the rest for it, and runs it.</summary>
internal static class CommandLine
{
    public static readonly IReadOnlyList<Command> Commands =
    [
        new ListKeysCommand(),
        new CreateKeyCommand(),
        new DescribeKeyCommand(),
        new SetKeyEnabledCommand(enable: true),
        new SetKeyEnabledCommand(enable: false),
        new RotateKeyCommand(),
        new ScheduleKeyDeletionCommand(),
        new CancelKeyDeletionCommand(),
        new ListAliasesCommand(),
        new PointAliasCommand(create: true),
        new PointAliasCommand(create: false),
        new DeleteAliasCommand(),
        new EncryptCommand(),
        new DecryptCommand(),
        new ReEncryptCommand(),
        new DataKeyCommand(),
        new RandomCommand(),
        new MacCommand(),
        new VerifyMacCommand("mac verify"),
        new VerifyMacCommand("verify-mac"),
        new EncryptFileCommand(),
        new DecryptFileCommand(),
    ];

    private static readonly HashSet<string> Groups = ["keys", "aliases"];

    public static async Task<int> Execute(string[] args, CliEnvironment env, StdoutText stdout, CancellationToken ct)
    {
        var wantsHelp = args.Any(a => a is "--help" or "-h");
        var first = NextWord(args, 0);
        if (first < 0 || args[first] == "help")
        {
            if (!wantsHelp && first < 0) throw new UsageException("no command given; kms --help lists them.");
            HelpText.WriteOverview(stdout.Writer);
            return ExitCode.Ok;
        }

        var second = NextWord(args, first + 1);
        var name = args[first];
        var command = second >= 0 ? Commands.FirstOrDefault(c => c.Name == $"{name} {args[second]}") : null;
        if (command is null) second = -1;
        command ??= Groups.Contains(name) ? null : Commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            if (!Groups.Contains(name)) throw new UsageException($"unknown command '{name}'; kms --help lists the commands.");
            var sub = NextWord(args, first + 1);
            if (!wantsHelp)
                throw new UsageException(sub < 0 ? $"{name} needs a subcommand: {SubcommandsOf(name)}." : $"unknown command 'kms {name} {args[sub]}'; kms {name} takes {SubcommandsOf(name)}.");
            HelpText.WriteGroup(stdout.Writer, name, Commands.Where(c => c.Name.StartsWith(name + " ", StringComparison.Ordinal)));
            return ExitCode.Ok;
        }
        if (wantsHelp)
        {
            HelpText.WriteCommand(stdout.Writer, command);
            return ExitCode.Ok;
        }

        var rest = args.Where((_, i) => i != first && i != second).ToList();
        var parsed = ArgumentParser.Parse(command.Name, rest, [.. command.Options, .. GlobalOptions.All]);
        if (parsed.Positionals.Count != command.Parameters.Count)
            throw new UsageException(command.Parameters.Count == 0
                ? $"{command.Name} takes no argument '{parsed.Positionals[0]}' (usage: {command.Synopsis})."
                : $"usage: {command.Synopsis}");
        var format = parsed.Value("output") switch
        {
            null or "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            var other => throw new UsageException($"--output is table or json, not '{other}'."),
        };
        using var run = new Invocation(parsed, env, stdout, format, ct);
        await command.Execute(run);
        return ExitCode.Ok;
    }

    /// <summary>The index of the next word from <paramref name="start"/> that is neither an option nor a global option's value; -1 if none.</summary>
    private static int NextWord(string[] args, int start)
    {
        for (var i = start; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--") return -1;
            if (arg == "-" || !arg.StartsWith('-')) return i;
            if (GlobalOptions.TakesValue(arg)) i++;
        }
        return -1;
    }

    private static string SubcommandsOf(string group) =>
        string.Join(", ", Commands.Where(c => c.Name.StartsWith(group + " ", StringComparison.Ordinal)).Select(c => c.Name[(group.Length + 1)..]));
}
