namespace Kms.Node.Configuration;

/// <summary>The <c>Kms</c> configuration section, one property per subsection.</summary>
public sealed class KmsOptions
{
    /// <summary>Development mode (<c>--dev</c>): see <see cref="DevEnvironment"/>.</summary>
    public bool Dev { get; set; }

    public AuthOptions Auth { get; set; } = new();
    public ApiOptions Api { get; set; } = new();
    public KeysOptions Keys { get; set; } = new();
    public PersistenceOptions Persistence { get; set; } = new();
    public HsmOptions Hsm { get; set; } = new();
    public KmsClusterOptions Cluster { get; set; } = new();
    public AwsOptions Aws { get; set; } = new();
    public WarmUpOptions WarmUp { get; set; } = new();
}
