using System.Net;
using System.Text;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kms.Gateway.Observability;

/// <summary>A plain API reference page at <c>/openapi</c> (development mode): every operation and its request fields, from the code.</summary>
public static class ApiReferencePage
{
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi", (OperationCatalog catalog) =>
        {
            var html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Kms API reference</title>")
                .Append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}code{background:#eee;padding:0 .2em}</style>")
                .Append("<h1>Kms API reference</h1><p>Every operation is <code>POST /api/v1/go-kms/&lt;operation&gt;</code> (go-kms HMAC signature) ")
                .Append("or <code>POST /</code> with <code>X-Amz-Target: TrentService.&lt;Operation&gt;</code> (SigV4). ")
                .Append("Machine-readable: <a href=\"/openapi/v1.json\">/openapi/v1.json</a>.</p>");
            foreach (var operation in catalog.All.OrderBy(o => o.Name, StringComparer.Ordinal))
            {
                html.Append("<h2 id=").Append(operation.Name).Append('>').Append(operation.Name).Append("</h2><p><code>POST /api/v1/go-kms/")
                    .Append(operation.Name.ToLowerInvariant()).Append("</code></p><ul>");
                foreach (var property in operation.RequestType.GetProperties())
                    html.Append("<li><code>").Append(property.Name).Append("</code> ").Append(WebUtility.HtmlEncode(Describe(property.PropertyType))).Append("</li>");
                html.Append("</ul>");
            }
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Describe(inner)
        : type == typeof(byte[]) ? "base64"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;
}
