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

    protected override Task<IKmsReply> Run(OperationContext c, Request r) =>
        TagDto.ToDictionary(r.Tags) is var (tags, tagError) && tagError is not null ? Task.FromResult(tagError) : c.Keys.CreateKey(r.Description, r.KeyUsage, r.KeySpec ?? r.CustomerMasterKeySpec, tags, c.Aborted);

    protected override object Render(KeyReplies.Metadata m, Front f) => new { KeyMetadata = KeyMetadataDto.From(m.Key, f) };
}
