namespace Kms.Cli.Connection;

/// <summary>The service answered with a typed error, <c>{"__type": "…Exception", "message": "…"}</c>; exit code 1.</summary>
internal sealed class ServiceException(string type, string message) : Exception(message)
{
    public string Type => type;
}
