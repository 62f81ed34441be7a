using System.Net;

namespace Kms.Node.Tests.Auth;

/// <summary>A node with <c>Kms__Auth__RequireContentHash=true</c>.</summary>
public sealed class RequiredContentHashTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private InProcessNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await InProcessNode.Start(new NodeFiles(_directory.Path), new Dictionary<string, string?> { ["Kms:Auth:RequireContentHash"] = "true" });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_legacy_request_without_the_hash_is_refused_and_a_hashed_one_accepted()
    {
        using var legacy = _node.Client();
        var refused = await legacy.Post("listkeys", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("IncompleteSignatureException", refused.ErrorType);

        using var hashed = new GoKmsClient(_node.Address, _node.Files.AuthKey, _node.Files.Certificate) { SendContentHash = true };
        (await hashed.Post("listkeys", new { })).EnsureOk();
    }
}
