namespace Kms.Gateway.Operations;

/// <summary>Limits of the HTTP API.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted; larger ones get 413 before they are parsed.</summary>
    public long MaxBodyBytes { get; init; } = 64 * 1024;
}
