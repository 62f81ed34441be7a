using Kms.Cli.Arguments;

namespace Kms.Cli.Commands;

/// <summary>One <c>kms</c> command: its name, its arguments and options, and what it does; <see cref="CommandLine"/> makes it a System.CommandLine command.</summary>
internal abstract class Command
{
    /// <summary>The words that select it, e.g. <c>keys create</c>.</summary>
    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>Positional parameters, e.g. <c>["KEYID"]</c>; a command takes exactly these.</summary>
    public virtual IReadOnlyList<string> Parameters => [];

    public virtual IReadOnlyList<OptionSpec> Options => [];

    /// <summary>Runs the command; failures are thrown and become exit codes in <see cref="Program.Run"/>.</summary>
    public abstract Task Execute(Invocation run);

    public string Synopsis => string.Join(' ', new[] { "kms", Name }
        .Concat(Parameters)
        .Concat(Options.Select(o => (o.Required ? "" : "[") + o.Synopsis.Split(", ")[^1] + (o.Required ? "" : "]") + (o.Repeatable ? "..." : ""))));
}
