using Kms.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>
/// A cluster of several nodes needs a shared journal and, unless told otherwise out loud, TLS between nodes; a key lent
/// to another node must come back before a change to it times out.
/// </summary>
public sealed class ClusterOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var cluster = options.Kms.Cluster;
        var problems = new List<string>();
        if (options.IsMultiNode && options.Kms.Persistence.ProviderName == PersistenceSettings.Sqlite)
            problems.Add("A cluster of several nodes needs a shared journal: set Kms__Persistence__Provider=postgres (each node would have its own SQLite journal).");
        if (options.IsMultiNode && !NodeOptions.IsSet(cluster.Tls.CertificatePath) && !cluster.AllowPlaintextRemoting)
            problems.Add("Remoting carries plaintexts between nodes: set Kms__Cluster__Tls__CertificatePath (PKCS#12), or Kms__Cluster__AllowPlaintextRemoting=true to accept the risk.");
        if (NodeOptions.IsSet(cluster.Tls.CertificatePath) && !File.Exists(cluster.Tls.CertificatePath))
            problems.Add($"Kms__Cluster__Tls__CertificatePath: no file at {cluster.Tls.CertificatePath}.");
        if (options.Kms.Keys.LeaseDuration is { } lease && (lease < TimeSpan.Zero || lease >= options.Kms.Api.KeyTimeout))
            problems.Add("Kms__Keys__LeaseDuration must be zero (no leases) or positive and shorter than Kms__Api__KeyTimeout: a change may wait for it.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
