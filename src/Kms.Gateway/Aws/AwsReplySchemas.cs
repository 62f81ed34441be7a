using Kms.Gateway.Operations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Kms.Gateway.Aws;

/// <summary>
/// Describes the AWS protocol's success bodies in the OpenAPI document's schemas, named after their records
/// (<c>AwsEncryptResponse</c>, …). The AWS entry itself (<c>POST /</c>, the operation named by <c>X-Amz-Target</c>)
/// is one path for every operation, which OpenAPI cannot tell apart, so it has no operation of its own in the document.
/// </summary>
public sealed class AwsReplySchemas : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var catalog = context.ApplicationServices.GetRequiredService<OperationCatalog>();
        foreach (var type in catalog.All.SelectMany(o => WithParts(o.ReplyTypes.Aws)).Distinct())
        {
            if (document.Components.Schemas.ContainsKey(type.Name)) continue;
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
        }
    }

    /// <summary>A reply record and the records it holds (AwsKeyMetadata, list entries), which its schema refers to by name.</summary>
    private static IEnumerable<Type> WithParts(Type reply) =>
        reply.GetProperties()
            .Select(p => p.PropertyType.IsGenericType ? p.PropertyType.GetGenericArguments()[0] : p.PropertyType)
            .Where(t => t.Namespace == reply.Namespace)
            .SelectMany(WithParts)
            .Prepend(reply);
}
