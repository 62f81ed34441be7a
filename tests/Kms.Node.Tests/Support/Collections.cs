namespace Kms.Node.Tests.Support;

/// <summary>The cluster tests start three node processes each; they run alone, after the rest, so the machine's two cores are theirs.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>PKCS#11 is initialised once per process, so the HSM tests run one at a time.</summary>
[CollectionDefinition("hsm", DisableParallelization = true)]
public sealed class HsmCollection;

/// <summary>The database outage tests time how fast the node answers while its database is down; they run alone.</summary>
[CollectionDefinition("database outages", DisableParallelization = true)]
public sealed class DatabaseOutageCollection;
