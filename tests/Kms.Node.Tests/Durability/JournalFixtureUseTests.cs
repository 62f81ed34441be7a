using System.Text.Json.Nodes;

namespace Kms.Node.Tests.Durability;

/// <summary>A node started on the journal fixture keeps working on it: old keys change state, old ciphertexts decrypt, new ones are made, and all of it survives a restart.</summary>
public sealed class JournalFixtureUseTests
{
    private static readonly JournalFixtureFacts.Facts Facts = JournalFixtureFacts.Load();

    [Fact]
    public async Task Every_recorded_ciphertext_decrypts_once_its_key_is_enabled_and_the_store_goes_on_across_a_restart()
    {
        using var directory = new TestDirectory();
        var copy = JournalFixture.CopyTo(directory.Path);
        var rotated = Facts.Keys.First(k => k.RotationDates is { Count: > 0 });
        string fresh;
        await using (var node = await JournalFixture.Start(copy))
        using (var client = node.Client())
        {
            foreach (var key in Facts.Keys)
            {
                if ((string)key.Metadata["KeyState"]! == "PendingDeletion") await Ok(client, "cancelkeydeletion", new { key.KeyId });
                await Ok(client, "enablekey", new { key.KeyId });
            }
            await AssertEveryCiphertextDecrypts(client);
            await Ok(client, "rotatekeyondemand", new { rotated.KeyId });
            fresh = await client.Encrypt(rotated.KeyId, [42]);
        }

        await using var restarted = await JournalFixture.Start(copy);
        using var again = restarted.Client();
        await AssertEveryCiphertextDecrypts(again);
        Assert.Equal(new byte[] { 42 }, await again.Decrypt(fresh));
        Assert.Equal(rotated.RotationDates!.Count + 1, (await Ok(again, "listkeyrotations", new { rotated.KeyId }))["Rotations"]!.AsArray().Count);
    }

    private static async Task AssertEveryCiphertextDecrypts(GoKmsClient client)
    {
        foreach (var ciphertext in Facts.Ciphertexts)
        {
            var response = await Ok(client, "decrypt", new { CiphertextBlob = ciphertext.Blob, ciphertext.EncryptionContext });
            Assert.True(ciphertext.Plaintext == (string)response["Plaintext"]!, $"{ciphertext.Name} decrypts to what was encrypted");
        }
    }

    private static async Task<JsonObject> Ok(GoKmsClient client, string operation, object request)
    {
        var response = await client.Post(operation, request);
        response.EnsureOk();
        return response.Json!.AsObject();
    }
}
