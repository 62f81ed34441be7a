using Kms.Actors.Keys;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
        app.MapPost(Prefix + "/{operation}", (HttpContext http, string operation, OperationRunner runner, KeyOperations keys) =>
            runner.Run(http, runner.Catalog.ByPath(operation), new Front(IsAws: false, keys.Arns), operation));
        return app;
    }
}
