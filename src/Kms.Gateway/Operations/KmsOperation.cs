using Kms.Gateway.Auth;
using Kms.Gateway.Errors;
using Kms.Gateway.Json;
using Kms.Gateway.Observability;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>
/// The shape of every operation: bind the request, check the caller's role and key access, run the
/// operation model, then render the success reply for the front door or write the typed error.
/// </summary>
public abstract class KmsOperation<TRequest, TReply> : IKmsOperation
    where TRequest : class, new()
    where TReply : class
{
    public abstract string Name { get; }

    public Type RequestType => typeof(TRequest);

    /// <summary>Roles besides admin that may call this operation.</summary>
    protected virtual Role Allowed => 0;

    /// <summary>
    /// The keys the request touches, as the caller named them, for key-restricted principals.
    /// </summary>
    protected virtual string?[] KeyReferences(TRequest request) => [];

    /// <summary>The alias names the request creates, re-points or deletes, which must be in a key-restricted principal's scope.</summary>
    protected virtual string?[] AliasNames(TRequest request) => [];

    protected abstract Task<Result<TReply>> Run(OperationContext context, TRequest request);

    /// <summary>The success body for the front door: a record of <c>Kms.Gateway.Responses</c>, one of <see cref="ReplyTypes"/>.</summary>
    protected internal abstract object Render(TReply reply, Front front);

    public abstract ReplyTypes ReplyTypes { get; }

    public async Task Execute(OperationContext context)
    {
        if (await GatewayJson.ReadAsync<TRequest>(context.Http, context.Options.MaxBodyBytes) is not { } request) return;
        if (!Permits(context.Principal.Role))
        {
            await ErrorResponses.Write(context.Http, KeyAccess.Denied(context.Principal, Name));
            return;
        }
        var references = KeyReferences(request);
        var aliasNames = AliasNames(request);
        if ((Array.Find(aliasNames, static name => name is not null) ?? Array.Find(references, static reference => reference is not null)) is { } named)
            RequestLog.SetKey(context.Http, named);
        if ((context.Access.CheckAliasNames(context.Principal, Name, aliasNames)
             ?? await context.Access.Check(context.Principal, Name, references, context.Aborted)) is { } denied)
        {
            await ErrorResponses.Write(context.Http, denied);
            return;
        }
        var result = await Run(context, request);
        if (result.IsOk)
            await Replies.WriteJson(context.Http, Render(result.Value, context.Front));
        else
            await ErrorResponses.Write(context.Http, result.Error);
    }

    private bool Permits(Role role) => role.HasFlag(Role.Admin) || (Allowed & role) != 0;
}
