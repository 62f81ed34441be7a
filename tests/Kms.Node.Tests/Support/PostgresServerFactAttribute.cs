namespace Kms.Node.Tests.Support;

/// <summary>A fact that runs PostgreSQL servers of its own (<see cref="PostgresServer"/>); skipped, with the reason, where it cannot.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (PostgresServer.Unavailable is { } why) Skip = why;
    }
}
