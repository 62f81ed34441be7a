using Kms.Actors.Keys;

namespace Kms.Gateway.Responses;

/// <summary>Success bodies of the alias operations that answer more than <see cref="EmptyResponse"/>.</summary>
public static class AliasResponses
{
    public sealed record NativeListAliasesResponse(IReadOnlyList<NativeAliasEntry> Aliases, string? NextMarker, bool Truncated);

    public sealed record AwsListAliasesResponse(IReadOnlyList<AwsAliasEntry> Aliases, string? NextMarker, bool Truncated);

    public sealed record NativeAliasEntry(string AliasName, string AliasArn, string TargetKeyId, DateTime CreationDate, DateTime LastUpdatedDate)
    {
        public static NativeAliasEntry From(AliasState alias, KeyArns arns) => new(
            alias.AliasName, arns.Alias(alias.AliasName), alias.TargetKeyId, ResponseDates.Native(alias.CreationDate), ResponseDates.Native(alias.LastUpdatedDate));
    }

    public sealed record AwsAliasEntry(string AliasName, string AliasArn, string TargetKeyId, double CreationDate, double LastUpdatedDate)
    {
        public static AwsAliasEntry From(AliasState alias, KeyArns arns) => new(
            alias.AliasName, arns.Alias(alias.AliasName), alias.TargetKeyId, ResponseDates.Aws(alias.CreationDate), ResponseDates.Aws(alias.LastUpdatedDate));
    }
}
