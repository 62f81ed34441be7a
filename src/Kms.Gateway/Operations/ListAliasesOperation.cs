using Kms.Actors;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary>
/// <c>ListAliases</c>: <c>{"KeyId"?, "Limit"?, "Marker"?}</c> → <c>{"Aliases": [{"AliasName", "AliasArn", "TargetKeyId",
/// "CreationDate", "LastUpdatedDate"}], "NextMarker", "Truncated"}</c>. A key-restricted principal sees only its keys' aliases,
/// filtered by the catalog, so pages and markers name nothing else.
/// </summary>
public sealed class ListAliasesOperation : KmsOperation<ListAliasesOperation.Request, Page<AliasState>>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public override string Name => "ListAliases";

    protected override Role Allowed => Role.Read;

    protected override string?[] KeyReferences(Request r) => r.KeyId is null ? [] : [r.KeyId];

    protected override Task<Result<Page<AliasState>>> Run(OperationContext c, Request r) =>
        c.WithOptionalKey(r.KeyId, key => c.Keys.ListAliases(key, r.Limit, r.Marker, c.Access.ScopeOf(c.Principal), c.Aborted));

    protected internal override object Render(Page<AliasState> p, Front f) => f.IsAws
        ? new AliasResponses.AwsListAliasesResponse([.. p.Items.Select(a => AliasResponses.AwsAliasEntry.From(a, f.Arns))], p.NextMarker, p.Truncated)
        : new AliasResponses.NativeListAliasesResponse([.. p.Items.Select(a => AliasResponses.NativeAliasEntry.From(a, f.Arns))], p.NextMarker, p.Truncated);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<AliasResponses.NativeListAliasesResponse, AliasResponses.AwsListAliasesResponse>();
}
