using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Errors;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
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
        var front = NativeFront(app.ServiceProvider);
        foreach (var operation in runner.Catalog.All)
        {
            app.MapPost($"{Prefix}/{operation.Name.ToLowerInvariant()}", (Delegate)((HttpContext http) => runner.Run(http, operation, front, operation.Name)))
                .WithName(operation.Name)
                .WithTags("Native API")
                .WithSummary($"AWS KMS {operation.Name}, signed with the go-kms HMAC scheme (x-kms-date, Authorization).")
                // The request's type for the API description, with no content types: go-kms read every body as JSON,
                // whatever its Content-Type. Named content types would also make routing parse every request's
                // Content-Type to choose the endpoint; OpenAPI says
                // application/json when none is named.
                .WithMetadata(new AcceptsMetadata([], operation.RequestType))
                .Produces(StatusCodes.Status200OK, operation.ReplyTypes.Native, "application/json")
                .Produces(StatusCodes.Status400BadRequest)
                .Produces(StatusCodes.Status401Unauthorized)
                .Produces(StatusCodes.Status404NotFound)
                .Produces(StatusCodes.Status409Conflict)
                .Produces(StatusCodes.Status503ServiceUnavailable);
        }

        // Any other name under the prefix, with any method: a POST is a typed 404, authenticated and logged as the
        // operations are; another method on an operation's path is a typed 405 with Allow: POST, as HTTP asks of a
        // resource that exists (RFC 9110); the operations' own routes take precedence over this one.
        app.Map($"{Prefix}/{{name}}", (HttpContext http, string name) =>
        {
            if (HttpMethods.IsPost(http.Request.Method)) return runner.Run(http, null, front, name);
            if (runner.Catalog.ByPath(name) is not { } operation)
                return ErrorResponses.Write(http, StatusCodes.Status404NotFound, "UnknownOperationException", "No such operation.");
            Observability.RequestLog.SetOperation(http, operation.Name);
            http.Response.Headers.Allow = HttpMethods.Post;
            return ErrorResponses.Write(http, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowedException",
                $"{operation.Name} takes POST.");
        }).ExcludeFromDescription();
        return app;
    }

    private static Front NativeFront(IServiceProvider services) => new(IsAws: false, services.GetRequiredService<KeyOperations>().Arns);
}
