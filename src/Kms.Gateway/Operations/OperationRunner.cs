using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Auth;
using Kms.Gateway.Errors;
using Kms.Gateway.Observability;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Serves an authenticated request with the operation it names, through either front door.</summary>
public sealed class OperationRunner(OperationCatalog catalog, KeyOperations keys, KeyAccess access, GatewayOptions options)
{
    public Task Run(HttpContext http, IKmsOperation? operation, Front front, string requested)
    {
        front.AttachTo(http);
        RequestLog.SetOperation(http, operation?.Name ?? "unknown");
        if (operation is null)
            return ErrorResponses.Write(http, front.IsAws ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound,
                "UnknownOperationException", $"Kms has no operation '{requested}'.");
        if (Principals.Get(http) is not { } principal)
            return ErrorResponses.Write(http, StatusCodes.Status401Unauthorized, "MissingAuthenticationTokenException", "The request is not authenticated.");
        RequestLog.SetPrincipal(http, principal.Name);
        return operation.Execute(new OperationContext(http, principal, front, keys, access, options));
    }

    public OperationCatalog Catalog => catalog;
}
