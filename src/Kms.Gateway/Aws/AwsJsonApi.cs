using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway.Aws;

public static class AwsJsonApi
{
    public const string TargetHeader = "X-Amz-Target";
    public const string TargetPrefix = "TrentService.";

    /// <summary>The AWS KMS wire protocol: <c>POST /</c>, <c>X-Amz-Target: TrentService.&lt;Operation&gt;</c>, JSON 1.1, SigV4.</summary>
    public static IEndpointRouteBuilder MapAwsJsonApi(this IEndpointRouteBuilder app)
    {
        // Singletons resolved once: a handler that asks for services is given them from a scope made per request.
        var runner = app.ServiceProvider.GetRequiredService<OperationRunner>();
        var front = new Front(IsAws: true, app.ServiceProvider.GetRequiredService<KeyOperations>().Arns);
        app.MapPost("/", (HttpContext http) =>
        {
            var target = http.Request.Headers[TargetHeader].ToString();
            var name = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
            return runner.Run(http, runner.Catalog.ByName(name), front, target);
        }).ExcludeFromDescription();
        return app;
    }

    public static bool IsAwsRequest(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path == "/" || !request.Path.HasValue);
}
