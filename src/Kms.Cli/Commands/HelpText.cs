using Kms.Cli.Arguments;

namespace Kms.Cli.Commands;

/// <summary>What <c>kms --help</c>, <c>kms keys --help</c> and <c>kms &lt;command&gt; --help</c> print.</summary>
internal static class HelpText
{
    public static void WriteOverview(TextWriter output)
    {
        output.WriteLine("kms: the Kms command-line tool");
        output.WriteLine();
        output.WriteLine("Usage: kms <command> [options]   (kms <command> --help for its options)");
        output.WriteLine();
        output.WriteLine("Commands:");
        var width = CommandLine.Commands.Max(c => c.Name.Length);
        foreach (var command in CommandLine.Commands) output.WriteLine($"  {command.Name.PadRight(width)}  {command.Summary}");
        output.WriteLine();
        WriteOptions(output, "Options of every command:", GlobalOptions.All);
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
    }

    public static void WriteGroup(TextWriter output, string group, IEnumerable<Command> commands)
    {
        output.WriteLine($"kms {group} <subcommand>");
        output.WriteLine();
        foreach (var command in commands) output.WriteLine($"  {command.Synopsis}\n      {command.Summary}");
    }

    public static void WriteCommand(TextWriter output, Command command)
    {
        output.WriteLine("Usage: " + command.Synopsis);
        output.WriteLine();
        output.WriteLine(command.Summary);
        if (command.Options.Count > 0)
        {
            output.WriteLine();
            WriteOptions(output, "Options:", command.Options);
        }
        output.WriteLine();
        output.WriteLine("Connection and output: --url, --auth-key-file, --ca-cert, --dev-dir, --output table|json (see kms --help).");
    }

    private static void WriteOptions(TextWriter output, string title, IReadOnlyList<OptionSpec> options)
    {
        output.WriteLine(title);
        var width = options.Max(o => o.Synopsis.Length);
        foreach (var option in options)
            output.WriteLine($"  {option.Synopsis.PadRight(width)}  {option.Help}{(option.Repeatable ? " (repeatable)" : "")}");
    }
}
