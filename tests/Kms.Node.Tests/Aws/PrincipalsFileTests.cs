using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Aws;

public class PrincipalsFileTests
{
    private static async Task WaitFor(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Changes_to_the_principals_file_apply_without_a_restart_and_a_broken_file_keeps_the_last_good_one()
    {
        var fixture = new PrincipalsFixture();
        await fixture.InitializeAsync();
        try
        {
            using var newcomer = fixture.Aws("AKIANEWCOMER0000001", "newcomer-secret-0123456789abcdefghij");
            Assert.Equal("UnrecognizedClientException", (await newcomer.Post("ListKeys", new { })).ErrorType);

            fixture.WritePrincipals(PrincipalsFixture.Document(PrincipalsFixture.AdminPrincipal,
                new { name = "newcomer", role = "read", accessKeyId = "AKIANEWCOMER0000001", secretAccessKey = "newcomer-secret-0123456789abcdefghij" }));
            await WaitFor(async () => (await newcomer.Post("ListKeys", new { })).Status == HttpStatusCode.OK, "The new principal was never accepted.");

            File.WriteAllText(fixture.PrincipalsPath, "{ this is not json");
            await Task.Delay(1500);
            (await newcomer.Post("ListKeys", new { })).EnsureOk();
        }
        finally
        {
            await fixture.DisposeAsync();
        }
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
