namespace Kms.Actors.MasterKey;

/// <summary>
/// Where the software master key's public parameters live: beside the SQLite journal in the data
/// directory, or in the shared database of a cluster, so every node derives the same key.
/// </summary>
public interface IMasterKeyParameterStore
{
    /// <summary>The stored parameters (JSON), or null where none were ever stored.</summary>
    string? Read();

    /// <summary>Stores the parameters unless some already exist; false when another node stored first.</summary>
    bool TryCreate(string parameters);
}
