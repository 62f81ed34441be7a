using System.Net;
using System.Text;
using Kms.Gateway.Auth;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Auth;

public class AuthenticationTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static void Header(HttpRequestMessage request, string name, string value) =>
        request.Headers.TryAddWithoutValidation(name, value);

    private async Task AssertUnauthorized(Action<HttpRequestMessage, string, string> sign, string expectedType)
    {
        var response = await _client.Post("listkeys", new { }, sign);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(expectedType, response.ErrorType);
        Assert.DoesNotContain(fixture.Node.Files.AuthKey, response.Body);
    }

    [Fact]
    public async Task A_correctly_signed_request_is_accepted() =>
        (await _client.Post("listkeys", new { })).EnsureOk();

    [Fact]
    public async Task A_GMT_date_is_accepted_too()
    {
        var response = await _client.Post("listkeys", new { }, (request, date, path) => _client.Sign(request, date.Replace("UTC", "GMT"), path));
        response.EnsureOk();
    }

    [Fact]
    public async Task A_bad_signature_is_401() =>
        await AssertUnauthorized((request, date, path) =>
        {
            Header(request, "x-kms-date", date);
            Header(request, "Authorization", _client.SignatureFor(date, path, Encoding.UTF8.GetBytes("not the key")));
        }, "InvalidSignatureException");

    [Fact]
    public async Task Garbage_in_Authorization_is_401() =>
        await AssertUnauthorized((request, date, _) =>
        {
            Header(request, "x-kms-date", date);
            Header(request, "Authorization", "%%% not base64 %%%");
        }, "InvalidSignatureException");

    [Fact]
    public async Task A_signature_for_another_path_is_401() =>
        await AssertUnauthorized((request, date, _) =>
        {
            Header(request, "x-kms-date", date);
            Header(request, "Authorization", _client.SignatureFor(date, "/api/v1/go-kms/createkey"));
        }, "InvalidSignatureException");

    [Fact]
    public async Task A_stale_date_is_401_even_with_a_valid_signature() =>
        await AssertUnauthorized((request, _, path) =>
        {
            var stale = KmsDate.Format(DateTimeOffset.UtcNow.AddMinutes(-6));
            Header(request, "x-kms-date", stale);
            Header(request, "Authorization", _client.SignatureFor(stale, path));
        }, "InvalidSignatureException");

    [Fact]
    public async Task A_date_from_the_future_is_401() =>
        await AssertUnauthorized((request, _, path) =>
        {
            var future = KmsDate.Format(DateTimeOffset.UtcNow.AddMinutes(6));
            Header(request, "x-kms-date", future);
            Header(request, "Authorization", _client.SignatureFor(future, path));
        }, "InvalidSignatureException");

    [Fact]
    public async Task The_go_kms_test_vector_date_from_2015_is_401() =>
        await AssertUnauthorized((request, _, path) =>
        {
            const string old = "Wed, 28 Jan 2015 10:42:13 UTC";
            Header(request, "x-kms-date", old);
            Header(request, "Authorization", _client.SignatureFor(old, path));
        }, "InvalidSignatureException");

    [Fact]
    public async Task A_missing_date_is_401() =>
        await AssertUnauthorized((request, date, path) => Header(request, "Authorization", _client.SignatureFor(date, path)),
            "IncompleteSignatureException");

    [Fact]
    public async Task An_unparseable_date_is_401() =>
        await AssertUnauthorized((request, _, path) =>
        {
            Header(request, "x-kms-date", "yesterday");
            Header(request, "Authorization", _client.SignatureFor("yesterday", path));
        }, "IncompleteSignatureException");

    [Fact]
    public async Task A_missing_signature_is_401() =>
        await AssertUnauthorized((request, date, _) => Header(request, "x-kms-date", date), "MissingAuthenticationTokenException");

    [Fact]
    public async Task An_unauthenticated_oversized_body_is_401_not_413()
    {
        var response = await _client.Post("encrypt", new string('x', 200_000), (request, date, _) =>
        {
            request.Headers.ExpectContinue = true;
            Header(request, "x-kms-date", date);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_unauthenticated_request_creates_nothing()
    {
        var before = (await _client.Post("listkeys", new { })).Json!["KeyMetadata"]!.AsArray().Count;
        var response = await _client.Post("createkey", new { Description = "intruder" }, (request, date, _) =>
        {
            Header(request, "x-kms-date", date);
            Header(request, "Authorization", _client.SignatureFor(date, "/api/v1/go-kms/listkeys"));
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        var after = (await _client.Post("listkeys", new { })).Json!["KeyMetadata"]!.AsArray();
        Assert.Equal(before, after.Count);
        Assert.DoesNotContain(after, k => (string)k!["Description"]! == "intruder");
    }
}
