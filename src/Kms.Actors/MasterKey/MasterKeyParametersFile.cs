namespace Kms.Actors.MasterKey;

/// <summary>The parameters as <c>master-key.json</c> in the data directory, the embedded (SQLite) default.</summary>
public sealed class MasterKeyParametersFile(string dataDirectory) : IMasterKeyParameterStore
{
    public const string FileName = "master-key.json";

    private string Path => System.IO.Path.Combine(dataDirectory, FileName);

    public string? Read() => File.Exists(Path) ? File.ReadAllText(Path) : null;

    public bool TryCreate(string parameters)
    {
        OwnerOnlyDirectory.Create(dataDirectory);
        try
        {
            DurableFile.CreateNew(Path, parameters);
            return true;
        }
        catch (IOException) when (File.Exists(Path))
        {
            return false;
        }
    }

    public static byte[] DeriveOrCreate(string dataDirectory, string passphrase, int iterations = Crypto.MasterKeyDerivation.MinimumIterations) =>
        MasterKeyParameters.DeriveOrCreate(new MasterKeyParametersFile(dataDirectory), passphrase, iterations);

    public static byte[]? DeriveIfPresent(string dataDirectory, string passphrase) =>
        MasterKeyParameters.DeriveIfPresent(new MasterKeyParametersFile(dataDirectory), passphrase);
}
