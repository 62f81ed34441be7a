using System.Net;
using Kms.Actors.MasterKey;
using Kms.Hsm;
using Kms.Node.Configuration;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Hsm;

/// <summary>The node in HSM mode against a real SoftHSM2 token. One at a time: PKCS#11 is initialised once per process.</summary>
[Collection("hsm")]
public class HsmNodeTests
{
    private const string Library = "/usr/lib/softhsm/libsofthsm2.so";

    private static Dictionary<string, string?> HsmSettings(string keyLabel, string pin = "1234", bool create = true) => new()
    {
        ["GOKMS_CRYPTO_PROVIDER"] = "hsm",
        ["GOKMS_KSMC_PASSPHRASE"] = "",
        ["GOKMS_HSM_LIB"] = Library,
        ["Kms:Hsm:TokenLabel"] = "kms-test",
        ["GOKMS_HSM_SLOT_PIN"] = pin,
        ["GOKMS_HSM_AES_KEYID"] = keyLabel,
        ["Kms:Hsm:CreateKeyIfMissing"] = create ? "true" : "false",
    };

    private static string NewLabel() => "node-kek-" + Guid.NewGuid().ToString("N")[..10];

    [HsmFact]
    public async Task Keys_made_in_HSM_mode_work_over_HTTPS_and_after_a_restart()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var label = NewLabel();
        string keyId, blob;
        await using (var node = await InProcessNode.Start(files, HsmSettings(label)))
        using (var client = node.Client())
        {
            keyId = await client.CreateKey("in the hsm");
            blob = await client.Encrypt(keyId, [1, 2, 3]);
            Assert.Equal(new byte[] { 1, 2, 3 }, await client.Decrypt(blob));
            Assert.False(File.Exists(Path.Combine(files.DataDirectory, MasterKeyParametersFile.FileName)), "HSM mode keeps no software master key.");
        }

        await using var restarted = await InProcessNode.Start(files, HsmSettings(label, create: false));
        using var again = restarted.Client();
        Assert.Equal(new byte[] { 1, 2, 3 }, await again.Decrypt(blob));
        Assert.Equal(new byte[] { 4 }, await again.Decrypt(await again.Encrypt(keyId, [4])));
    }

    [HsmFact]
    public async Task A_wrong_PIN_a_missing_key_label_and_a_missing_library_stop_start_up_with_a_clear_message()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var pin = await Assert.ThrowsAsync<InvalidConfigurationException>(() => InProcessNode.Start(files, HsmSettings(NewLabel(), pin: "0000")));
        Assert.Contains("GOKMS_HSM_SLOT_PIN", pin.Message);
        var label = await Assert.ThrowsAsync<InvalidConfigurationException>(() => InProcessNode.Start(files, HsmSettings("absent-" + NewLabel(), create: false)));
        Assert.Contains("GOKMS_HSM_AES_KEYID", label.Message);
        var settings = HsmSettings(NewLabel());
        settings["GOKMS_HSM_LIB"] = "/nonexistent/libsofthsm2.so";
        var library = await Assert.ThrowsAsync<InvalidConfigurationException>(() => InProcessNode.Start(files, settings));
        Assert.Contains("GOKMS_HSM_LIB", library.Message);
    }

    [HsmFact]
    public async Task A_failing_token_gives_typed_503s_then_recovers_with_no_key_lost()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using var node = await InProcessNode.Start(files, HsmSettings(NewLabel()));
        using var client = node.Client();
        var before = await client.CreateKey();
        var blob = await client.Encrypt(before, [7]);

        var provider = (HsmMasterKeyProvider)node.Services.GetRequiredService<IMasterKeyProvider>();
        provider.CloseSessionUnderneath();

        var failed = await client.Post("createkey", new { });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("KeyUnavailableException", failed.ErrorType);
        Assert.Equal(new byte[] { 7 }, await client.Decrypt(blob));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? after = null;
        while (after is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The token was never re-opened.");
            var response = await client.Post("createkey", new { });
            if (response.Status == HttpStatusCode.OK) after = (string)response.Json!["KeyMetadata"]!["KeyId"]!;
            else
            {
                Assert.Equal("KeyUnavailableException", response.ErrorType);
                await Task.Delay(200);
            }
        }
        Assert.Equal(new byte[] { 8 }, await client.Decrypt(await client.Encrypt(after, [8])));
        Assert.Equal(new byte[] { 7 }, await client.Decrypt(blob));
    }

    [HsmFact]
    public async Task Readiness_notes_a_token_that_failed_at_run_time_and_stays_200_so_the_node_keeps_the_traffic_that_reopens_it()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using var node = await InProcessNode.Start(files, HsmSettings(NewLabel()));
        using var client = node.Client();
        Assert.Equal("ready", await client.Http.GetStringAsync("/healthz/ready"));

        ((HsmMasterKeyProvider)node.Services.GetRequiredService<IMasterKeyProvider>()).CloseSessionUnderneath();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Post("createkey", new { })).Status);

        var ready = await client.Http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready; the hsm master key failed; it is re-opened on its next use", await ready.Content.ReadAsStringAsync());

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.Post("createkey", new { })).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The token was never re-opened.");
            await Task.Delay(200);
        }
        Assert.Equal("ready", await client.Http.GetStringAsync("/healthz/ready"));
    }
}
