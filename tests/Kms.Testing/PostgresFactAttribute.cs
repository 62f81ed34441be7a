using Xunit;

namespace Kms.Testing;

/// <summary>
/// A fact that needs the PostgreSQL server .ci/run starts (<c>KMS_TEST_PG</c>); skipped, with the reason, without it
/// (scripts/test.sh counts such a skip as a failure where the server is provided).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KMS_TEST_PG")))
            Skip = "No PostgreSQL: KMS_TEST_PG is not set (.ci/run starts one on a loopback port and sets it).";
    }
}
