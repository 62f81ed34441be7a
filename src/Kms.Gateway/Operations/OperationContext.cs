using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Everything an operation needs to serve one request.</summary>
public sealed record OperationContext(HttpContext Http, Principal Principal, Front Front, KeyOperations Keys, KeyAccess Access, GatewayOptions Options)
{
    public CancellationToken Aborted => Http.RequestAborted;
}
