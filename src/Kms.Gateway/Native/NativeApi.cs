using Kms.Actors.Keys;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway.Native;

public static class NativeApi
{
    public const string Prefix = "/api/v1/go-kms";

    /// <summary>
    /// Every operation at <c>/api/v1/go-kms/&lt;operation in lower case&gt;</c>, behind go-kms HMAC authentication:
    /// the eight go-kms operations at their go-kms paths, and the rest of the AWS KMS symmetric API.
    /// </summary>
    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder app)
    {
        // Singletons resolved once: a handler that asks for services is given them from a scope made per request.
        var runner = app.ServiceProvider.GetRequiredService<OperationRunner>();
        var front = new Front(IsAws: false, app.ServiceProvider.GetRequiredService<KeyOperations>().Arns);
        foreach (var operation in runner.Catalog.All)
        {
            app.MapPost($"{Prefix}/{operation.Name.ToLowerInvariant()}", (Delegate)((HttpContext http) => runner.Run(http, operation, front, operation.Name)))
                .WithName(operation.Name)
                .WithTags("Native API")
                .WithSummary($"AWS KMS {operation.Name}, signed with the go-kms HMAC scheme (x-kms-date, Authorization).")
                // Any content type, or none: go-kms read every body as JSON. Naming only application/json would let
                // routing send other requests to the catch-all below, as if the operation did not exist.
                .Accepts(operation.RequestType, "application/json", "*/*")
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .Produces(StatusCodes.Status400BadRequest)
                .Produces(StatusCodes.Status401Unauthorized)
                .Produces(StatusCodes.Status404NotFound)
                .Produces(StatusCodes.Status409Conflict)
                .Produces(StatusCodes.Status503ServiceUnavailable);
        }
        app.MapPost(Prefix + "/{operation}", (HttpContext http, string operation) => runner.Run(http, null, front, operation)).ExcludeFromDescription();
        return app;
    }
}
