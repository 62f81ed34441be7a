using Kms.Gateway.Auth;
using Kms.Gateway.Aws;
using Kms.Gateway.Errors;
using Kms.Gateway.Health;
using Kms.Gateway.Native;
using Kms.Gateway.Observability;
using Kms.Gateway.Operations;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway;

public static class GatewayApplicationExtensions
{
    public static IServiceCollection AddKmsGateway(this IServiceCollection services, GoKmsAuthOptions auth, GatewayOptions options, PrincipalStore principals)
    {
        MetricsExporter.Start();
        AuthenticationMetrics.Start();
        return services
            .ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = null)
            .AddSingleton(auth)
            .AddSingleton(options)
            .AddSingleton(principals)
            .AddSingleton<KeyAccess>()
            .AddSingleton<OperationCatalog>()
            .AddSingleton<OperationRunner>()
            .AddKmsHealthChecks()
            .AddOpenApi(openApi =>
            {
                openApi.CreateSchemaReferenceId = type =>
                    type.Type.DeclaringType is { } operation && type.Type.Name == "Request"
                        ? operation.Name.Replace("Operation", "") + "Request"
                        : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
                openApi.AddDocumentTransformer<AwsReplySchemas>();
            });
    }

    /// <summary>
    /// Request ids and logging, error handling, then the open endpoints (health, <c>/openapi/v1.json</c>,
    /// <c>/metrics</c>, and in development an API reference page), the native API (go-kms HMAC) and the
    /// AWS JSON API (SigV4).
    /// </summary>
    public static WebApplication UseKmsGateway(this WebApplication app, bool developmentPages = false)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<GoKmsAuthenticationMiddleware>());
        app.UseWhen(http => AwsJsonApi.IsAwsRequest(http.Request), aws => aws.UseMiddleware<SigV4AuthenticationMiddleware>());
        app.MapKmsHealth();
        app.MapOpenApi().ExcludeFromDescription();
        app.MapMetrics().ExcludeFromDescription();
        if (app.Environment.IsDevelopment() || developmentPages) app.MapApiReference();
        app.MapNativeApi();
        app.MapAwsJsonApi();
        app.MapFallback((HttpContext http) =>
            ErrorResponses.Write(http, StatusCodes.Status404NotFound, "UnknownOperationException", "No such operation."));
        return app;
    }
}
