using System.Net;
using Akka.Actor;
using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Actors.Persistence;
using Kms.Hsm;
using Kms.Node.Hosting;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Hsm;

/// <summary>Moving a software key store to the HSM, interrupted and resumed.</summary>
[Collection("hsm")]
public class MigrationTests
{
    private static Dictionary<string, string?> Hsm(string label, string passphrase) => new()
    {
        ["GOKMS_CRYPTO_PROVIDER"] = "hsm",
        ["GOKMS_KSMC_PASSPHRASE"] = passphrase,
        ["GOKMS_HSM_LIB"] = "/usr/lib/softhsm/libsofthsm2.so",
        ["Kms:Hsm:TokenLabel"] = "kms-test",
        ["GOKMS_HSM_SLOT_PIN"] = "1234",
        ["GOKMS_HSM_AES_KEYID"] = label,
        ["Kms:Hsm:CreateKeyIfMissing"] = "true",
    };

    private static async Task<int> Decryptable(InProcessNode node, IEnumerable<string> blobs)
    {
        using var client = node.Client();
        var count = 0;
        foreach (var blob in blobs)
        {
            var response = await client.Post("decrypt", new { CiphertextBlob = blob });
            if (response.Status == HttpStatusCode.OK) count++;
            else Assert.Equal("KeyUnavailableException", response.ErrorType);
        }
        return count;
    }

    private static async Task<MasterKeyMigration.Result> Migrate(NodeFiles files, string label, int? maxKeys)
    {
        await using var node = await InProcessNode.Start(files, Hsm(label, files.Passphrase));
        return await MasterKeyMigration.Run(node.Services.GetRequiredService<KeyOperations>(),
            JournalMacMigration.For(node.Services.GetRequiredService<ActorSystem>()), HsmMasterKeyProvider.ProviderName, maxKeys, TextWriter.Null, CancellationToken.None);
    }

    [HsmFact]
    public async Task An_interrupted_migration_resumes_and_then_every_key_works_from_the_HSM_alone()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var label = "migration-kek-" + Guid.NewGuid().ToString("N")[..10];
        var blobs = new List<string>();
        await using (var software = await InProcessNode.Start(files))
        using (var client = software.Client())
        {
            for (var i = 0; i < 5; i++)
            {
                var keyId = await client.CreateKey($"key {i}");
                blobs.Add(await client.Encrypt(keyId, [(byte)i]));
                if (i == 0)
                {
                    (await client.Post("rotatekeyondemand", new { KeyId = keyId })).EnsureOk();
                    blobs.Add(await client.Encrypt(keyId, [9]));
                }
            }
        }

        var partial = await Migrate(files, label, maxKeys: 2);
        Assert.False(partial.Complete);
        Assert.Equal(2, partial.Moved);

        await using (var hsmOnly = await InProcessNode.Start(files, Hsm(label, passphrase: "")))
        {
            var working = await Decryptable(hsmOnly, blobs);
            Assert.InRange(working, 2, blobs.Count - 1);
        }

        var rest = await Migrate(files, label, maxKeys: null);
        Assert.True(rest.Complete);
        Assert.Equal(5, rest.Moved);

        await using var migrated = await InProcessNode.Start(files, Hsm(label, passphrase: ""));
        Assert.Equal(blobs.Count, await Decryptable(migrated, blobs));
    }

    [HsmFact]
    public async Task A_key_pending_deletion_is_not_rewrapped_so_no_new_copy_of_its_material_is_made()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var label = "migration-kek-" + Guid.NewGuid().ToString("N")[..10];
        string doomed, kept;
        await using (var software = await InProcessNode.Start(files))
        using (var client = software.Client())
        {
            doomed = await client.CreateKey("doomed");
            kept = await client.CreateKey("kept");
            (await client.Post("schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 7 })).EnsureOk();
        }

        var output = new StringWriter();
        MasterKeyMigration.Result result;
        await using (var node = await InProcessNode.Start(files, Hsm(label, files.Passphrase)))
        {
            var keys = node.Services.GetRequiredService<KeyOperations>();
            result = await MasterKeyMigration.Run(keys, JournalMacMigration.For(node.Services.GetRequiredService<ActorSystem>()), HsmMasterKeyProvider.ProviderName, null, output, CancellationToken.None);
            Assert.True(KeyId.TryParse(doomed, out var doomedId));
            var refused = await keys.RewrapMaterial(doomedId, HsmMasterKeyProvider.ProviderName);
            Assert.Equal(KmsErrorCode.InvalidState, refused.Error?.Code);
        }

        Assert.Equal(1, result.Moved);
        Assert.Equal(1, result.PendingDeletion);
        Assert.False(result.Complete);
        Assert.Contains(doomed, output.ToString());
        Assert.DoesNotContain(await StoredRows.Of(files, KeyEntityActor.PersistenceIdFor(doomed)), r => r.Manifest == "key-material-rewrapped.v1");
        Assert.Contains(await StoredRows.Of(files, KeyEntityActor.PersistenceIdFor(kept)), r => r.Manifest == "key-material-rewrapped.v1");
    }
}
