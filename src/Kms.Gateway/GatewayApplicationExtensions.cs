using Kms.Gateway.Auth;
using Kms.Gateway.Endpoints;
using Kms.Gateway.Errors;
using Kms.Gateway.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway;

public static class GatewayApplicationExtensions
{
    public static IServiceCollection AddKmsGateway(this IServiceCollection services, GoKmsAuthOptions auth, GatewayOptions options) =>
        services.AddSingleton(auth).AddSingleton(options);

    /// <summary>Error handling, then health probes (open), then the authenticated native API.</summary>
    public static WebApplication UseKmsGateway(this WebApplication app)
    {
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<GoKmsAuthenticationMiddleware>());
        app.MapKmsHealth();
        app.MapGoKmsApi();
        app.MapFallback((HttpContext http) => ErrorResponses.Write(http, StatusCodes.Status404NotFound, "UnknownOperationException", "No such operation."));
        return app;
    }
}
