namespace Kms.Node.Configuration;

/// <summary><c>Kms:Auth</c>: who may call the node, and how strictly requests are checked.</summary>
public sealed class AuthOptions
{
    /// <summary>A principals file (several callers with their own keys and grants) instead of the one go-kms shared key.</summary>
    public string? PrincipalsFile { get; set; }

    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(5);
    public bool RequireContentHash { get; set; }

    /// <summary>For Kubernetes, whose kubelet makes secret files group-readable by the pod's own fsGroup.</summary>
    public bool AllowGroupReadableSecretFiles { get; set; }
}
