using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Scripts;

/// <summary>
/// <c>scripts/gokms-call.sh</c> against the real node, with every program it runs replaced by a shim that records
/// its command line: the shared key and the body must never be on one, and TLS is verified unless told otherwise.
/// </summary>
public sealed class GoKmsCallScriptTests(NodeFixture fixture) : IClassFixture<NodeFixture>, IDisposable
{
    private static readonly string[] Programs = ["openssl", "curl", "od", "tr", "cat", "mktemp", "rm", "date", "base64"];
    private readonly TestDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private static string Script()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "gokms-call.sh");
            if (File.Exists(script)) return script;
        }
        throw new FileNotFoundException("scripts/gokms-call.sh not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs the script in an empty directory (no .kms-dev), with shims logging every program's arguments.</summary>
    private async Task<(int Exit, string Stdout, string Stderr, string CommandLines)> Run(string operation, string? stdin, bool trustNode = true)
    {
        var shims = Directory.CreateDirectory(Path.Combine(_work.Path, "shims")).FullName;
        var log = Path.Combine(_work.Path, "argv.log");
        foreach (var program in Programs)
        {
            var real = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, program)).First(File.Exists);
            var shim = Path.Combine(shims, program);
            // curl's shim also keeps the header file it is given, so the test can see what was signed.
            var keepHeaders = program == "curl" ? $"for a in \"$@\"; do case \"$a\" in @*/headers) cat \"${{a#@}}\" >'{log}.headers';; esac; done\n" : "";
            await File.WriteAllTextAsync(shim, $"#!/bin/sh\nprintf '%s\\n' \"{program} $*\" >>'{log}'\n{keepHeaders}exec '{real}' \"$@\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo("bash", [Script(), operation, .. stdin is null ? Array.Empty<string>() : ["-"]])
        {
            WorkingDirectory = _work.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = shims + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["KMS_URL"] = fixture.Node.Address.ToString().TrimEnd('/');
        start.Environment["KMS_AUTH_KEY_FILE"] = fixture.Node.Files.AuthKeyPath;
        if (trustNode) start.Environment["KMS_CA_CERT"] = fixture.Node.Files.CertificatePath;
        else start.Environment.Remove("KMS_CA_CERT");
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr, File.Exists(log) ? await File.ReadAllTextAsync(log) : "");
    }

    [Fact]
    public async Task A_call_is_signed_over_the_body_and_neither_key_nor_body_appears_on_any_command_line()
    {
        if (OperatingSystem.IsWindows()) return;
        var keyId = await fixture.Client.CreateKey("script");
        var plaintext = "script-secret-" + Guid.NewGuid();
        var body = $$"""{"KeyID":"{{keyId}}","Plaintext":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext))}}"}""";

        var (exit, stdout, stderr, commandLines) = await Run("encrypt", body);

        Assert.True(exit == 0, stderr);
        var blob = (string)JsonNode.Parse(stdout)!["CiphertextBlob"]!;
        Assert.Equal(plaintext, Encoding.UTF8.GetString(await fixture.Client.Decrypt(blob)));
        Assert.Contains("curl ", commandLines);
        Assert.DoesNotContain(fixture.Node.Files.AuthKey, commandLines);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(fixture.Node.Files.AuthKey))[..32], commandLines);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext)), commandLines);
        Assert.DoesNotContain("Authorization", commandLines);
        Assert.DoesNotContain(" -k", commandLines);
        Assert.DoesNotContain("--insecure", commandLines);
        var headers = await File.ReadAllTextAsync(Path.Combine(_work.Path, "argv.log.headers"));
        Assert.Contains("x-kms-content-sha256: " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))), headers);
    }

    [Fact]
    public async Task Without_a_certificate_to_trust_the_self_signed_node_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        var (exit, stdout, _, _) = await Run("listkeys", stdin: null, trustNode: false);
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("KeyMetadata", stdout);
    }
}
