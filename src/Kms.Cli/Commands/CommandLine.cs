using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Kms.Cli.Arguments;
using Kms.Cli.Commands.Aliases;
using Kms.Cli.Commands.Crypto;
using Kms.Cli.Commands.Files;
using Kms.Cli.Commands.Keys;
using Kms.Cli.Output;
using CliCommand = System.CommandLine.Command;

namespace Kms.Cli.Commands;

/// <summary>
/// The <c>kms</c> command tree on System.CommandLine: it parses, writes help, and completes (the <c>[suggest]</c>
/// directive, for dotnet-suggest). Its parse errors are reworded here as the tool has always worded them, one line
/// each, so scripts and people see the same messages as before.
/// </summary>
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

    private static readonly Dictionary<string, string> GroupSummaries = new(StringComparer.Ordinal)
    {
        ["keys"] = "keys: list, create, describe, enable, disable, rotate, schedule and cancel deletion",
        ["aliases"] = "aliases: list, create, update, delete",
    };

    /// <summary>Response files (<c>@file</c>) are off: an argument starting with <c>@</c> is taken as written.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> Execute(string[] args, CliEnvironment env, StdoutText stdout, CancellationToken ct)
    {
        if (args is ["help", .. var rest]) args = [.. rest, "--help"];
        var tree = new Tree(env, stdout);
        var result = tree.Root.Parse(args, Parsing);
        // Help and directives (such as [suggest], for completion) run as System.CommandLine has them; a command is checked first.
        if (result.Action is null or ParseErrorAction || result.Action == result.CommandResult.Command.Action) tree.CheckUsage(result);
        return await result.InvokeAsync(new InvocationConfiguration
        {
            Output = stdout.Writer,
            Error = env.Stderr,
            EnableDefaultExceptionHandler = false,
            // Program.Main handles Ctrl+C, so that a command can clean up before it ends.
            ProcessTerminationTimeout = null,
        }, ct);
    }

    /// <summary>The System.CommandLine commands for one run, and what each stands for.</summary>
    private sealed class Tree
    {
        private readonly Dictionary<CliCommand, (Command Command, Dictionary<string, Option> Options, List<Argument<string>> Parameters)> _leaves = [];
        private readonly Dictionary<string, Option> _global = [];

        public Tree(CliEnvironment env, StdoutText stdout)
        {
            Root = new RootCommand("kms: the Kms command-line tool");
            foreach (var spec in GlobalOptions.All)
            {
                var option = spec.ToOption();
                option.Recursive = true;
                _global[spec.Name] = option;
                Root.Add(option);
            }
            foreach (var command in Commands)
            {
                var words = command.Name.Split(' ');
                // "mac" is a command and also holds "mac verify": whichever comes first makes it, the other finds it.
                var parent = words.SkipLast(1).Aggregate((CliCommand)Root, Subcommand);
                var leaf = Subcommand(parent, words[^1]);
                leaf.Description = command.Summary;
                var options = new Dictionary<string, Option>(_global);
                foreach (var spec in command.Options)
                {
                    var option = spec.ToOption();
                    options[spec.Name] = option;
                    leaf.Add(option);
                    }
                var parameters = command.Parameters.Select(name => new Argument<string>(name) { HelpName = name }).ToList();
                parameters.ForEach(leaf.Add);
                _leaves[leaf] = (command, options, parameters);
                leaf.SetAction(async (result, ct) =>
                {
                    using var run = new Invocation(new ParsedArguments(command.Name, result, options, parameters), env, stdout, Format(result), ct);
                    await command.Execute(run);
                    return ExitCode.Ok;
                });
            }
            foreach (var option in Root.Options)
                if (option is HelpOption { Action: HelpAction standard } help) help.Action = new ExtendedHelp(standard);
        }

        public RootCommand Root { get; }

        /// <summary>Throws the first mistake on the command line, worded as the tool words it; nothing when it can run.</summary>
        public void CheckUsage(ParseResult result)
        {
            var command = result.CommandResult.Command;
            var unmatched = result.UnmatchedTokens;
            if (!_leaves.TryGetValue(command, out var leaf))
            {
                var word = unmatched.FirstOrDefault(t => !IsOption(t));
                if (command is RootCommand)
                    throw new UsageException(word is null ? "no command given; kms --help lists them." : $"unknown command '{word}'; kms --help lists the commands.");
                var subcommands = string.Join(", ", command.Subcommands.Select(c => c.Name));
                throw new UsageException(word is null
                    ? $"{command.Name} needs a subcommand: {subcommands}."
                    : $"unknown command 'kms {command.Name} {word}'; kms {command.Name} takes {subcommands}.");
            }

            var name = leaf.Command.Name;
            // System.CommandLine takes an unknown option for a parameter's value; before "--" the tool never did.
            var optionLike = result.Tokens.Any(t => t.Type == TokenType.DoubleDash) ? [] : leaf.Parameters.Select(p => result.GetResult(p)?.Tokens.FirstOrDefault()?.Value).OfType<string>();
            if (unmatched.Concat(optionLike).FirstOrDefault(IsOption) is { } unknown)
                throw new UsageException($"unknown option '{unknown}' for 'kms {name}' (see kms {name} --help).");
            var specs = leaf.Command.Options.Concat(GlobalOptions.All).ToDictionary(s => s.Name);
            foreach (var (optionName, option) in leaf.Options)
            {
                if (result.GetResult(option) is not { Implicit: false } given) continue;
                var spec = specs[optionName];
                if (given.IdentifierTokenCount > 1 && !spec.Repeatable) throw new UsageException($"--{optionName} is given twice.");
                if (spec.TakesValue && given.Tokens.Count < given.IdentifierTokenCount)
                    throw new UsageException($"--{optionName} needs a value ({spec.ValueName}).");
            }
            foreach (var spec in leaf.Command.Options)
                if (spec.Required && result.GetResult(leaf.Options[spec.Name]) is not { IdentifierTokenCount: > 0 })
                    throw new UsageException($"{name} needs --{spec.Name} {spec.ValueName} (see kms {name} --help).");
            if (unmatched.Count > 0)
                throw new UsageException(leaf.Command.Parameters.Count == 0
                    ? $"{name} takes no argument '{unmatched[0]}' (usage: {leaf.Command.Synopsis})."
                    : $"usage: {leaf.Command.Synopsis}");
            if (leaf.Parameters.Any(p => result.GetResult(p) is not { Tokens.Count: > 0 })) throw new UsageException($"usage: {leaf.Command.Synopsis}");
            if (result.Errors.Count > 0) throw new UsageException(result.Errors[0].Message);
            Format(result);
        }

        private OutputFormat Format(ParseResult result) => result.GetValue((Option<string>)_global["output"]) switch
        {
            null or "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            var other => throw new UsageException($"--output is table or json, not '{other}'."),
        };

        private static bool IsOption(string token) => token.Length > 1 && token[0] == '-';

        private static CliCommand Subcommand(CliCommand parent, string word)
        {
            if (parent.Subcommands.FirstOrDefault(c => c.Name == word) is { } existing) return existing;
            var group = new CliCommand(word, GroupSummaries.GetValueOrDefault(word));
            parent.Add(group);
            return group;
        }
    }

    /// <summary>System.CommandLine's help, and for <c>kms --help</c> also every command by its full name, the environment and the exit codes.</summary>
    private sealed class ExtendedHelp(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult result)
        {
            var code = standard.Invoke(result);
            if (result.CommandResult.Command is not RootCommand) return code;
            var output = result.InvocationConfiguration.Output;
            output.WriteLine("Every command (kms <command> --help for its options):");
            var width = Commands.Max(c => c.Name.Length);
            foreach (var command in Commands) output.WriteLine($"  {command.Name.PadRight(width)}  {command.Summary}");
            output.WriteLine();
            output.WriteLine("Environment (as the go-kms CLI):");
            output.WriteLine("  GOKMSCLI_URL                       the Kms base URL, e.g. https://kms.example:8011");
            output.WriteLine("  GOKMSCLI_AUTHKEY                   the shared HMAC key itself");
            output.WriteLine("  GOKMSCLI_IGNORE_BAD_TLS_CERT=true  accept any server certificate (development only)");
            output.WriteLine("  GOKMS_PORT                         the development node's port (default 8011)");
            output.WriteLine("With none of these and no --url, ./.kms-dev (a development node's directory) is used if it exists.");
            output.WriteLine();
            output.WriteLine("Exit codes: 0 ok, 1 the service refused (its error type is printed), 2 usage error,");
            output.WriteLine("            3 connection or TLS error, 4 integrity failure (decrypt-file).");
            return code;
        }
    }
}
