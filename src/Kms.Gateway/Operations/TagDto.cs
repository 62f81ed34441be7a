using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary>An AWS tag, <c>{"TagKey", "TagValue"}</c>.</summary>
public sealed class TagDto
{
    public string? TagKey { get; set; }
    public string? TagValue { get; set; }

    /// <summary>The tags as a map, or a TagException for a missing key or a key given twice.</summary>
    public static (IReadOnlyDictionary<string, string>? Tags, KmsError? Error) ToDictionary(IReadOnlyList<TagDto>? tags)
    {
        if (tags is null) return (null, null);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (tag.TagKey is null || tag.TagValue is null)
                return (null, new KmsError(KmsErrorCode.Tag, "Every tag needs a TagKey and a TagValue."));
            if (!map.TryAdd(tag.TagKey, tag.TagValue))
                return (null, new KmsError(KmsErrorCode.Tag, $"Tag key '{tag.TagKey}' is given twice."));
        }
        return (map, null);
    }
}
