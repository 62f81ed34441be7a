using System.Net;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Aws;

public class PrincipalsFileTests
{
    private const string NewcomerKey = "AKIANEWCOMER0000001", NewcomerSecret = "newcomer-secret-0123456789abcdefghij";

    [Fact]
    public async Task Changes_to_the_principals_file_apply_without_a_restart_and_a_broken_file_keeps_the_last_good_one()
    {
        var logs = new CapturingLoggerProvider();
        var fixture = new PrincipalsFixture { Services = s => s.AddSingleton<ILoggerProvider>(logs) };
        await fixture.InitializeAsync();
        try
        {
            using var admin = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);
            using var app = fixture.Aws(PrincipalsFixture.CryptoKey, PrincipalsFixture.CryptoSecret);
            using var auditor = fixture.Aws(PrincipalsFixture.ReadKey, PrincipalsFixture.ReadSecret);
            using var auditorNative = fixture.NativeClient(PrincipalsFixture.ReadSharedKey);
            using var limited = fixture.Aws(PrincipalsFixture.AppKey, PrincipalsFixture.AppSecret);
            using var newcomer = fixture.Aws(NewcomerKey, NewcomerSecret);
            var mine = await CreateKey(admin);
            var other = await CreateKey(admin);
            var alias = "alias/app-reload-" + Guid.NewGuid().ToString("N")[..8];
            (await admin.Post("CreateAlias", new { AliasName = alias, TargetKeyId = mine })).EnsureOk();

            (await app.Post("Encrypt", new { KeyId = other, Plaintext = "AQ==" })).EnsureOk();
            (await auditor.Post("ListKeys", new { })).EnsureOk();
            (await auditorNative.Post("listkeys", new { })).EnsureOk();
            (await limited.Post("Encrypt", new { KeyId = alias, Plaintext = "AQ==" })).EnsureOk();
            Assert.Equal("UnrecognizedClientException", (await newcomer.Post("ListKeys", new { })).ErrorType);

            // One rewrite: the auditor goes, "app" is narrowed to alias/app-*, "app-limited" is downgraded to read, a newcomer arrives.
            fixture.WritePrincipals(PrincipalsFixture.Document(
                PrincipalsFixture.AdminPrincipal,
                new { name = "app", role = "crypto", accessKeyId = PrincipalsFixture.CryptoKey, secretAccessKey = PrincipalsFixture.CryptoSecret, keys = new[] { "alias/app-*" } },
                new { name = "app-limited", role = "read", accessKeyId = PrincipalsFixture.AppKey, secretAccessKey = PrincipalsFixture.AppSecret, keys = new[] { "alias/app-*" } },
                new { name = "newcomer", role = "read", accessKeyId = NewcomerKey, secretAccessKey = NewcomerSecret }));
            await Eventually.Until(() => newcomer.Post("ListKeys", new { }), r => r.Status == HttpStatusCode.OK, "the new principal is accepted");

            // The file is read whole, so once one change shows, every other one is in force too.
            Assert.Equal("UnrecognizedClientException", (await auditor.Post("ListKeys", new { })).ErrorType);
            (await auditorNative.Post("listkeys", new { })).AssertError(HttpStatusCode.Unauthorized, "InvalidSignatureException");
            (await app.Post("Encrypt", new { KeyId = other, Plaintext = "AQ==" })).AssertError(HttpStatusCode.BadRequest, "AccessDeniedException");
            (await app.Post("Encrypt", new { KeyId = alias, Plaintext = "AQ==" })).EnsureOk();
            (await limited.Post("Encrypt", new { KeyId = alias, Plaintext = "AQ==" })).AssertError(HttpStatusCode.BadRequest, "AccessDeniedException");
            (await limited.Post("DescribeKey", new { KeyId = alias })).EnsureOk();

            File.WriteAllText(fixture.PrincipalsPath, "{ this is not json");
            await Eventually.Until(() => Task.FromResult(logs.Lines.Any(l => l.Contains("could not be used"))), seen => seen, "the node reads the broken file");
            (await newcomer.Post("ListKeys", new { })).EnsureOk();
            (await app.Post("Encrypt", new { KeyId = other, Plaintext = "AQ==" })).AssertError(HttpStatusCode.BadRequest, "AccessDeniedException");
            Assert.Equal("UnrecognizedClientException", (await auditor.Post("ListKeys", new { })).ErrorType);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static async Task<string> CreateKey(AwsClient admin)
    {
        var response = await admin.Post("CreateKey", new { });
        response.EnsureOk();
        return (string)response.Json!["KeyMetadata"]!["KeyId"]!;
    }

    [Fact]
    public async Task A_principals_file_readable_by_others_refuses_to_start()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var path = Path.Combine(directory.Path, "principals.json");
        File.WriteAllText(path, """{"principals":[{"name":"ops","role":"admin","sharedKey":"k"}]}""");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => InProcessNode.Start(files, new Dictionary<string, string?> { ["Kms:Auth:PrincipalsFile"] = path }));
        Assert.Contains("group or others", failure.Message);
    }
}
