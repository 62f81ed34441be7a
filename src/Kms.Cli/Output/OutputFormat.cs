namespace Kms.Cli.Output;

/// <summary><c>--output table</c> (for people, the default) or <c>--output json</c> (the service's answer, for scripts).</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
