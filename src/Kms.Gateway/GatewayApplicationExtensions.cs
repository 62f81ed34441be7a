using Kms.Gateway.Auth;
using Kms.Gateway.Aws;
using Kms.Gateway.Errors;
using Kms.Gateway.Health;
using Kms.Gateway.Native;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway;

public static class GatewayApplicationExtensions
{
    public static IServiceCollection AddKmsGateway(this IServiceCollection services, GoKmsAuthOptions auth, GatewayOptions options, PrincipalStore principals) =>
        services
            .AddSingleton(auth)
            .AddSingleton(options)
            .AddSingleton(principals)
            .AddSingleton<KeyAccess>()
            .AddSingleton<OperationCatalog>()
            .AddSingleton<OperationRunner>();

    /// <summary>Error handling, then health probes (open), the native API (go-kms HMAC) and the AWS JSON API (SigV4).</summary>
    public static WebApplication UseKmsGateway(this WebApplication app)
    {
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<GoKmsAuthenticationMiddleware>());
        app.UseWhen(http => AwsJsonApi.IsAwsRequest(http.Request), aws => aws.UseMiddleware<SigV4AuthenticationMiddleware>());
        app.MapKmsHealth();
        app.MapNativeApi();
        app.MapAwsJsonApi();
        app.MapFallback((HttpContext http) => ErrorResponses.Write(http, StatusCodes.Status404NotFound, "UnknownOperationException", "No such operation."));
        return app;
    }
}
