using Kms.Actors.Operations;
using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary>
/// <c>ListKeys</c>: natively <c>{"KeyMetadata": [...], "NextMarker", "Truncated"}</c>, every key when no
/// <c>Limit</c> is given (as go-kms did); on AWS <c>{"Keys": [{"KeyId", "KeyArn"}], ...}</c>, 100 a page by default.
/// A key-restricted principal sees only its keys: the catalog filters them, so pages and markers name nothing else.
/// </summary>
public sealed class ListKeysOperation : KmsOperation<ListKeysOperation.Request, Page<KeyMetadata>>
{
    public sealed class Request
    {
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public override string Name => "ListKeys";

    protected override Role Allowed => Role.Read;

    protected override async Task<Result<Page<KeyMetadata>>> Run(OperationContext c, Request r)
    {
        var everything = r.Limit is null && !c.Front.IsAws;
        var scope = c.Access.ScopeOf(c.Principal);
        var items = new List<KeyMetadata>();
        var marker = r.Marker;
        do
        {
            var reply = await c.Keys.ListKeys(everything ? KeyOperations.MaxListLimit : r.Limit, marker, scope, c.Aborted);
            if (!reply.IsOk) return reply.Error;
            items.AddRange(reply.Value.Items);
            marker = reply.Value.NextMarker;
        } while (everything && marker is not null);
        return new Page<KeyMetadata>(items, marker);
    }

    protected internal override object Render(Page<KeyMetadata> p, Front f) => f.IsAws
        ? new KeyResponses.AwsListKeysResponse([.. p.Items.Select(k => new KeyResponses.AwsKeyEntry(k.KeyId, f.Arns.Key(k.KeyId)))], p.NextMarker, p.Truncated)
        : new KeyResponses.NativeListKeysResponse([.. p.Items.Select(k => KeyResponses.NativeKeyMetadata.From(k, f.Arns))], p.NextMarker, p.Truncated);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeListKeysResponse, KeyResponses.AwsListKeysResponse>();
}
