using Kms.Actors.Keys;
using Kms.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>
/// Everything an operation needs to serve one request. A struct: it is made for every operation request and
/// only passed down, so it need not be one more object per request (docs/benchmarks.md, round fourteen).
/// </summary>
public readonly record struct OperationContext(HttpContext Http, Principal Principal, Front Front, KeyOperations Keys, KeyAccess Access, GatewayOptions Options)
{
    public CancellationToken Aborted => Http.RequestAborted;
}
