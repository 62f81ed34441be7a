using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;
using Kms.Actors.Keys;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/listkeys</c>: <c>{}</c> → <c>{"KeyMetadata": [...]}</c>, every key, sorted by KeyId.</summary>
public static class ListKeysEndpoint
{
    public sealed class Request;

    public sealed record Response(IReadOnlyList<KeyMetadataDto> KeyMetadata);

    private const int PageSize = 1000;

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is null) return;
        var all = new List<KeyMetadataDto>();
        string? marker = null;
        do
        {
            var page = await keys.ListKeys(PageSize, marker, http.RequestAborted);
            all.AddRange(page.Keys.Select(KeyMetadataDto.From));
            marker = page.NextMarker;
        } while (marker is not null);
        await Replies.WriteJson(http, new Response(all));
    }
}
