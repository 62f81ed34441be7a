using System.Text.Json.Nodes;

namespace Kms.Node.Tests.Support;

/// <summary>Walks a listing operation page by page with <c>Limit</c> and <c>Marker</c>, as AWS clients do.</summary>
public static class Paging
{
    /// <summary>
    /// Every item of <paramref name="itemsField"/> over all pages, and how many pages it took. Checks on each page
    /// that <c>Truncated</c> is true exactly when a <c>NextMarker</c> is given, and that a truncated page is full.
    /// </summary>
    public static async Task<(List<JsonNode> Items, int Pages)> ReadAll(GoKmsClient client, string operation, string itemsField, int limit, JsonObject? filter = null)
    {
        var items = new List<JsonNode>();
        string? marker = null;
        var pages = 0;
        do
        {
            var body = filter?.DeepClone().AsObject() ?? new JsonObject();
            body["Limit"] = limit;
            if (marker is not null) body["Marker"] = marker;
            var response = await client.Post(operation, body.ToJsonString());
            response.EnsureOk();
            var page = response.Json![itemsField]!.AsArray();
            marker = (string?)response.Json!["NextMarker"];
            Assert.Equal(marker is not null, (bool)response.Json!["Truncated"]!);
            Assert.InRange(page.Count, marker is null ? 0 : limit, limit);
            items.AddRange(page.Select(item => item!.DeepClone()));
            if (++pages > 1000) throw new Xunit.Sdk.XunitException($"{operation} never stopped paging.");
        } while (marker is not null);
        return (items, pages);
    }
}
