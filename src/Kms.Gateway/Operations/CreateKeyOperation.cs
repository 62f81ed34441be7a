using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>CreateKey</c>: native <c>POST /api/v1/go-kms/createkey</c> and AWS <c>TrentService.CreateKey</c>.</summary>
public sealed class CreateKeyOperation : KmsOperation<CreateKeyOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? Description { get; set; }
        public string? KeyUsage { get; set; }
        public string? KeySpec { get; set; }
        public string? CustomerMasterKeySpec { get; set; }
        public List<TagDto>? Tags { get; set; }
    }

    public override string Name => "CreateKey";

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        TagDto.ToDictionary(r.Tags) is var (tags, tagError) && tagError is not null ? Task.FromResult<Result<KeyReplies.Metadata>>(tagError)
        : Spec(r.KeyUsage, r.KeySpec ?? r.CustomerMasterKeySpec) is var (spec, invalid) && invalid is not null ? Task.FromResult<Result<KeyReplies.Metadata>>(invalid)
        : c.Keys.CreateKey(r.Description ?? "", spec, tags, c.Aborted);

    /// <summary>The key spec the request asks for (SYMMETRIC_DEFAULT when it names none), which must agree with a KeyUsage it names.</summary>
    private static (KeySpec Spec, KmsError? Error) Spec(string? keyUsage, string? keySpec)
    {
        var usage = keyUsage is null ? (KeyUsage?)null : AwsNames.ParseKeyUsage(keyUsage);
        if (keyUsage is not null && usage is null)
            return (default, KmsError.Validation("KeyUsage must be ENCRYPT_DECRYPT or GENERATE_VERIFY_MAC."));
        var spec = keySpec is null ? KeySpec.SymmetricDefault : AwsNames.ParseKeySpec(keySpec);
        if (spec is null)
            return (default, KmsError.Unsupported($"KeySpec '{keySpec}' is not supported; use SYMMETRIC_DEFAULT, HMAC_256, HMAC_384 or HMAC_512."));
        if (usage is not null && usage != spec.Value.Usage())
            return (default, KmsError.Validation($"KeySpec {AwsNames.Of(spec.Value)} requires KeyUsage {AwsNames.Of(spec.Value.Usage())}."));
        return (spec.Value, null);
    }

    protected internal override object Render(KeyReplies.Metadata m, Front f) => KeyResponses.MetadataOf(m.Key, f);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeKeyMetadataResponse, KeyResponses.AwsKeyMetadataResponse>();
}
