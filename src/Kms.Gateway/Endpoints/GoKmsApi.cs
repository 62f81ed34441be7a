using Kms.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Kms.Gateway.Endpoints;

public static class GoKmsApi
{
    public const string Prefix = "/api/v1/go-kms";

    /// <summary>The go-kms operations at their go-kms paths, behind go-kms HMAC authentication.</summary>
    public static IEndpointRouteBuilder MapGoKmsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);
        api.MapPost("/createkey", CreateKeyEndpoint.Handle);
        api.MapPost("/listkeys", ListKeysEndpoint.Handle);
        api.MapPost("/enablekey", EnableKeyEndpoint.Handle);
        api.MapPost("/disablekey", DisableKeyEndpoint.Handle);
        api.MapPost("/encrypt", EncryptEndpoint.Handle);
        api.MapPost("/decrypt", DecryptEndpoint.Handle);
        api.MapPost("/reencrypt", ReEncryptEndpoint.Handle);
        api.MapPost("/generatedatakey", GenerateDataKeyEndpoint.Handle);
        return app;
    }
}
