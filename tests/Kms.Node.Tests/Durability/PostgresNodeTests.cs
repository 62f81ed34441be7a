using System.Net;
using Kms.Actors.MasterKey;
using Kms.Node.Tests.Api;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// What production runs on PostgreSQL and the other tests check on SQLite: deletion with crypto-shredding,
/// the deletion and rotation timers, aliases, restarts, and the shared master-key parameters. One node
/// in-process on a fresh database; the checks share node starts, which are what takes time.
/// </summary>
[Collection("cluster")]
public class PostgresNodeTests
{
    private static async Task<GoKmsClient.Response> Ok(GoKmsClient client, string operation, object body)
    {
        var response = await client.Post(operation, body);
        response.EnsureOk();
        return response;
    }

    private static async Task<Dictionary<string, string>> AliasTargets(GoKmsClient client, string prefix) =>
        (await Ok(client, "listaliases", new { Limit = 1000 })).Json!["Aliases"]!.AsArray()
            .Where(a => ((string)a!["AliasName"]!).StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(a => (string)a!["AliasName"]!, a => (string)a!["TargetKeyId"]!);

    private static async Task<List<string>> RotationTypes(GoKmsClient client, string keyId) =>
        (await Ok(client, "listkeyrotations", new { KeyId = keyId })).Json!["Rotations"]!.AsArray().Select(r => (string)r!["RotationType"]!).ToList();

    [PostgresFact]
    public async Task Deletion_shreds_timers_fire_and_aliases_hold_on_PostgreSQL_across_a_restart_and_a_wrong_passphrase_changes_nothing()
    {
        await using var database = await PostgresDatabase.Create();
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var settings = database.NodeSettings();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var prefix = "alias/pg-" + Guid.NewGuid().ToString("N")[..8];
        string doomed, rotating, survivor, doomedBlob, rotatingBlob;
        await using (var node = await InProcessNode.Start(files, settings, clock))
        using (var client = node.Client())
        {
            doomed = await client.CreateKey("doomed");
            rotating = await client.CreateKey("rotates itself");
            survivor = await client.CreateKey("survivor");
            await Ok(client, "createalias", new { AliasName = prefix + "-doomed", TargetKeyId = doomed });
            await Ok(client, "createalias", new { AliasName = prefix + "-moving", TargetKeyId = survivor });
            await Ok(client, "updatealias", new { AliasName = prefix + "-moving", TargetKeyId = rotating });
            await Ok(client, "createalias", new { AliasName = prefix + "-gone", TargetKeyId = survivor });
            await Ok(client, "deletealias", new { AliasName = prefix + "-gone" });
            (await client.Post("createalias", new { AliasName = prefix + "-moving", TargetKeyId = survivor })).AssertError(HttpStatusCode.Conflict, "AlreadyExistsException");
            Assert.Equal(new Dictionary<string, string> { [prefix + "-doomed"] = doomed, [prefix + "-moving"] = rotating }, await AliasTargets(client, prefix));

            doomedBlob = await client.Encrypt(doomed, [1]);
            rotatingBlob = await client.Encrypt(rotating, [2]);
            // Enough events for the key actor to save a snapshot, which holds the material too.
            for (var i = 0; i < 50; i++)
            {
                await Ok(client, "disablekey", new { KeyId = doomed });
                await Ok(client, "enablekey", new { KeyId = doomed });
            }
            var history = await Eventually.Until(
                () => StoredRows.OfPostgres(database.ConnectionString, "key-" + doomed),
                rows => rows.Any(r => r.Table == "snapshot"),
                "the key actor saves a snapshot in PostgreSQL");
            var materials = DeletionApiTests.WrappedMaterialsIn(history);
            Assert.Single(materials);
            Assert.Contains(history, r => r.Table == "snapshot" && DeletionApiTests.HoldsAny(r, materials));

            await Ok(client, "enablekeyrotation", new { KeyId = rotating, RotationPeriodInDays = 90 });
            await Ok(client, "schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 7 });

            // Only the database is watched, so nothing but the node's own timers wakes the keys.
            clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
            var shredded = await Eventually.Until(
                () => StoredRows.OfPostgres(database.ConnectionString, "key-" + doomed),
                rows => rows.Any(r => r.Manifest == "key-destroyed.v1") && !rows.Any(r => DeletionApiTests.HoldsAny(r, materials)),
                "the due key is destroyed and its history deleted from PostgreSQL");
            DeletionApiTests.AssertShredded(shredded, materials);
            Assert.DoesNotContain(await StoredRows.OfPostgres(database.ConnectionString, "key-" + rotating), r => r.Manifest == "key-rotated.v1");

            clock.Advance(TimeSpan.FromDays(83));
            await Eventually.Until(
                () => StoredRows.OfPostgres(database.ConnectionString, "key-" + rotating),
                rows => rows.Any(r => r.Manifest == "key-rotated.v1"),
                "the key rotates automatically when due");
            Assert.Equal(["AUTOMATIC"], await RotationTypes(client, rotating));
            (await client.Post("decrypt", new { CiphertextBlob = doomedBlob })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
            await Eventually.Until(() => AliasTargets(client, prefix), aliases => !aliases.ContainsKey(prefix + "-doomed"), "the destroyed key's alias is no longer listed");
        }

        var parameters = await database.Scalar("SELECT parameters FROM kms_master_key");
        Assert.NotNull(parameters);
        var wrong = new NodeFiles(directory.Path, passphrase: "not the passphrase of this cluster");
        await Assert.ThrowsAsync<WrongPassphraseException>(() => InProcessNode.Start(wrong, settings, clock));
        Assert.Equal(parameters, await database.Scalar("SELECT parameters FROM kms_master_key"));
        Assert.Equal(1L, await database.Scalar("SELECT count(*) FROM kms_master_key"));

        await using (var node = await InProcessNode.Start(files, settings, clock))
        using (var client = node.Client())
        {
            (await client.Post("describekey", new { KeyId = doomed })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
            Assert.Equal(new byte[] { 2 }, await client.Decrypt(rotatingBlob));
            Assert.Equal(["AUTOMATIC"], await RotationTypes(client, rotating));
            // The shredded events left gaps in the journal's orderings, which a starting catalog waits out, on the
            // node's clock, before it lists past them (until then it may show the destroyed key's alias, whose key
            // it has not yet seen destroyed): the fake clock moves on while the test waits.
            var (listed, aliases) = await Eventually.Until(
                async () =>
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    var keys = (await Ok(client, "listkeys", new { })).Json!["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();
                    return (Keys: keys, Aliases: await AliasTargets(client, prefix));
                },
                seen => seen.Keys.Contains(rotating) && seen.Keys.Contains(survivor) && !seen.Aliases.ContainsKey(prefix + "-doomed"),
                "the catalog lists past the gaps");
            Assert.Equal(new Dictionary<string, string> { [prefix + "-moving"] = rotating }, aliases);
            Assert.DoesNotContain(doomed, listed);
        }
    }
}
