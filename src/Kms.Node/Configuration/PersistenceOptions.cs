namespace Kms.Node.Configuration;

/// <summary><c>Kms:Persistence</c>: the journal's database.</summary>
public sealed class PersistenceOptions
{
    /// <summary><c>sqlite</c> (a file in the data directory unless a connection string is given) or <c>postgres</c>.</summary>
    public string? Provider { get; set; }

    public string? ConnectionString { get; set; }

    /// <summary>The provider in the form it is compared in: trimmed, lower case, <c>sqlite</c> when unset.</summary>
    public string ProviderName => (Provider ?? Kms.Actors.Persistence.PersistenceSettings.Sqlite).Trim().ToLowerInvariant();
}
