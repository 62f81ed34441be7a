using System.Text.Json.Nodes;

namespace Kms.Cli.Commands.Aliases;

/// <summary>Every alias, page by page (<c>listaliases</c> answers at most a page at a time).</summary>
internal static class AliasListing
{
    private const int PageSize = 100;

    public static async Task<List<JsonObject>> All(Invocation run, string? keyId)
    {
        var aliases = new List<JsonObject>();
        string? marker = null;
        do
        {
            var request = new JsonObject { ["Limit"] = PageSize };
            if (keyId is not null) request["KeyId"] = keyId;
            if (marker is not null) request["Marker"] = marker;
            var page = await run.Call("listaliases", request);
            aliases.AddRange((page["Aliases"] as JsonArray ?? []).OfType<JsonObject>().Select(a => (JsonObject)a.DeepClone()));
            marker = page["Truncated"]?.GetValue<bool>() == true ? page["NextMarker"]?.GetValue<string>() : null;
        } while (marker is not null);
        return aliases;
    }

    /// <summary>Alias names as given, with <c>alias/</c> added when left out.</summary>
    public static string Name(string given) => given.StartsWith("alias/", StringComparison.Ordinal) ? given : "alias/" + given;
}
