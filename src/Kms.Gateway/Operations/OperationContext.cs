using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Everything an operation needs to serve one request.</summary>
public sealed record OperationContext(HttpContext Http, Principal Principal, Front Front, KeyOperations Keys, KeyAccess Access, GatewayOptions Options)
{
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Runs the operation on the key a request field names, read here once; a field that names no key is answered with why.</summary>
    public Task<Result<T>> WithKey<T>(string? field, Func<KeyReference, Task<Result<T>>> run, string fieldName = "KeyId") where T : class
    {
        var key = KeyReferenceParser.Parse(field, Keys.Arns, fieldName);
        return key.IsOk ? run(key.Value) : Refused<T>(key.Error);
    }

    /// <summary>As <see cref="WithKey{T}"/> for a field the request may leave out: then the operation runs with no key.</summary>
    public Task<Result<T>> WithOptionalKey<T>(string? field, Func<KeyReference?, Task<Result<T>>> run, string fieldName = "KeyId") where T : class =>
        field is null ? run(null) : WithKey(field, run, fieldName);

    /// <summary>
    /// Runs an operation that points an alias at a key, which <c>TargetKeyId</c> must name itself (a key id or key ARN,
    /// never an alias). The alias name is judged first, so a request wrong in both is told about its name.
    /// </summary>
    public Task<Result<T>> WithAliasTarget<T>(string? aliasName, string? targetKeyId, Func<KeyId, Task<Result<T>>> run) where T : class
    {
        if (AliasNames.Problem(aliasName) is { } problem) return Refused<T>(new KmsError(KmsErrorCode.InvalidAliasName, problem));
        var target = KeyReferenceParser.ParseKeyId(targetKeyId, Keys.Arns, "TargetKeyId");
        return target.IsOk ? run(target.Value) : Refused<T>(target.Error);
    }

    private static Task<Result<T>> Refused<T>(KmsError error) where T : class => Task.FromResult<Result<T>>(error);
}
