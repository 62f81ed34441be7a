using System.CommandLine;

namespace Kms.Cli.Arguments;

/// <summary>
/// One option a command accepts: <c>--name</c> (and maybe <c>-x</c>), a flag when <see cref="ValueName"/> is null,
/// else followed by a value (<c>--name VALUE</c> or <c>--name=VALUE</c>).
/// </summary>
internal sealed record OptionSpec(string Name, string Help, string? ValueName = null, string? ShortName = null, bool Repeatable = false, bool Required = false)
{
    public bool TakesValue => ValueName is not null;

    public string Synopsis => (ShortName is null ? "" : $"-{ShortName}, ") + $"--{Name}" + (TakesValue ? $" {ValueName}" : "");

    /// <summary>The System.CommandLine option: a string, a string per occurrence when repeatable, or a flag.</summary>
    public Option ToOption()
    {
        string[] aliases = ShortName is null ? [] : ["-" + ShortName];
        Option option = !TakesValue ? new Option<bool>("--" + Name, aliases)
            : Repeatable ? new Option<string[]>("--" + Name, aliases) { AllowMultipleArgumentsPerToken = false }
            : new Option<string>("--" + Name, aliases);
        option.Description = Help + (Repeatable ? " (repeatable)" : "");
        option.HelpName = ValueName;
        option.Required = Required;
        return option;
    }
}
