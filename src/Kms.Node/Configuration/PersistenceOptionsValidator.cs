using Kms.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>The journal's provider, and a connection string Npgsql can read when it is PostgreSQL.</summary>
public sealed class PersistenceOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var persistence = options.Kms.Persistence;
        switch (persistence.ProviderName)
        {
            case PersistenceSettings.Sqlite:
                return ValidateOptionsResult.Success;
            case PersistenceSettings.Postgres when !NodeOptions.IsSet(persistence.ConnectionString):
                return ValidateOptionsResult.Fail("Kms__Persistence__ConnectionString is required with the postgres provider.");
            case PersistenceSettings.Postgres:
                try
                {
                    PersistenceSettings.ForPostgres(persistence.ConnectionString!);
                    return ValidateOptionsResult.Success;
                }
                catch (ArgumentException)
                {
                    // Npgsql's message can quote part of the string, and the string can hold a password.
                    return ValidateOptionsResult.Fail("Kms__Persistence__ConnectionString is not a PostgreSQL connection string Npgsql can read (Key=Value pairs separated by ';'; its text is not repeated here).");
                }
            default:
                return ValidateOptionsResult.Fail($"Kms__Persistence__Provider must be sqlite or postgres, not '{persistence.ProviderName}'.");
        }
    }
}
