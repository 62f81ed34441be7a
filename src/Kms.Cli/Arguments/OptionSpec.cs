namespace Kms.Cli.Arguments;

/// <summary>
/// One option a command accepts: <c>--name</c> (and maybe <c>-x</c>), a flag when <see cref="ValueName"/> is null,
/// else followed by a value (<c>--name VALUE</c> or <c>--name=VALUE</c>).
/// </summary>
internal sealed record OptionSpec(string Name, string Help, string? ValueName = null, string? ShortName = null, bool Repeatable = false, bool Required = false)
{
    public bool TakesValue => ValueName is not null;

    public string Synopsis => (ShortName is null ? "" : $"-{ShortName}, ") + $"--{Name}" + (TakesValue ? $" {ValueName}" : "");
}
