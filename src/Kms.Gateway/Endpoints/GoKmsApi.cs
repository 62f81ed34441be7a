using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Kms.Gateway.Endpoints;

public static class GoKmsApi
{
    public const string Prefix = "/api/v1/go-kms";

    /// <summary>
    /// Every operation at <c>/api/v1/go-kms/&lt;operation in lower case&gt;</c>, behind go-kms HMAC authentication:
    /// the eight go-kms operations at their go-kms paths, and the rest of the AWS KMS symmetric API.
    /// </summary>
    public static IEndpointRouteBuilder MapGoKmsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);
        api.MapPost("/createkey", CreateKeyEndpoint.Handle);
        api.MapPost("/listkeys", ListKeysEndpoint.Handle);
        api.MapPost("/describekey", DescribeKeyEndpoint.Handle);
        api.MapPost("/enablekey", EnableKeyEndpoint.Handle);
        api.MapPost("/disablekey", DisableKeyEndpoint.Handle);
        api.MapPost("/updatekeydescription", UpdateKeyDescriptionEndpoint.Handle);
        api.MapPost("/schedulekeydeletion", ScheduleKeyDeletionEndpoint.Handle);
        api.MapPost("/cancelkeydeletion", CancelKeyDeletionEndpoint.Handle);
        api.MapPost("/rotatekeyondemand", RotateKeyOnDemandEndpoint.Handle);
        api.MapPost("/enablekeyrotation", EnableKeyRotationEndpoint.Handle);
        api.MapPost("/disablekeyrotation", DisableKeyRotationEndpoint.Handle);
        api.MapPost("/getkeyrotationstatus", GetKeyRotationStatusEndpoint.Handle);
        api.MapPost("/listkeyrotations", ListKeyRotationsEndpoint.Handle);
        api.MapPost("/tagresource", TagResourceEndpoint.Handle);
        api.MapPost("/untagresource", UntagResourceEndpoint.Handle);
        api.MapPost("/listresourcetags", ListResourceTagsEndpoint.Handle);
        api.MapPost("/encrypt", EncryptEndpoint.Handle);
        api.MapPost("/decrypt", DecryptEndpoint.Handle);
        api.MapPost("/reencrypt", ReEncryptEndpoint.Handle);
        api.MapPost("/generatedatakey", GenerateDataKeyEndpoint.Handle);
        api.MapPost("/generatedatakeywithoutplaintext", GenerateDataKeyWithoutPlaintextEndpoint.Handle);
        api.MapPost("/generaterandom", GenerateRandomEndpoint.Handle);
        api.MapPost("/generatemac", GenerateMacEndpoint.Handle);
        api.MapPost("/verifymac", VerifyMacEndpoint.Handle);
        api.MapPost("/createalias", CreateAliasEndpoint.Handle);
        api.MapPost("/updatealias", UpdateAliasEndpoint.Handle);
        api.MapPost("/deletealias", DeleteAliasEndpoint.Handle);
        api.MapPost("/listaliases", ListAliasesEndpoint.Handle);
        return app;
    }
}
