using System.Text;
using System.Text.Json;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Kms.Node.Tests.Durability;

public class JournalSecrecyTests
{
    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task The_data_directory_holds_no_key_material_plaintext_passphrase_or_auth_key_in_the_clear()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var plaintext = Encoding.UTF8.GetBytes("SECRET-PLAINTEXT-MARKER-0123456789");
        byte[] dataKey;
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            for (var i = 0; i < 3; i++)
            {
                var keyId = await client.CreateKey();
                await client.Encrypt(keyId, plaintext);
                (await client.Post("disablekey", new { KeyID = keyId })).EnsureOk();
            }
            var last = await client.CreateKey();
            var response = await client.Post("generatedatakey", new { KeyID = last });
            dataKey = Convert.FromBase64String((string)response.Json!["Plaintext"]!);
        }

        var masterKey = MasterKeyParametersFile.DeriveOrCreate(files.DataDirectory, files.Passphrase);
        var materials = new List<byte[]>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id, manifest, message FROM journal WHERE manifest = 'sealed.v1'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // Each row holds its event inside the journal MAC's envelope.
                using var envelope = JsonDocument.Parse((byte[])reader["message"]);
                if (envelope.RootElement.GetProperty("Manifest").GetString() != "key-created.v1") continue;
                using var json = JsonDocument.Parse(envelope.RootElement.GetProperty("Payload").GetBytesFromBase64());
                var keyId = json.RootElement.GetProperty("KeyId").GetString()!;
                var wrapped = json.RootElement.GetProperty("WrappedMaterial").GetBytesFromBase64();
                materials.Add(KeyWrap.Unwrap(masterKey, new KeyWrapBinding(keyId, 1, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt), wrapped));
            }
        }
        Assert.Equal(4, materials.Count);

        var secrets = new List<(string What, byte[] Bytes)>
        {
            ("passphrase", Encoding.UTF8.GetBytes(files.Passphrase)),
            ("auth key", Encoding.UTF8.GetBytes(files.AuthKey)),
            ("master key", masterKey),
            ("plaintext", plaintext),
            ("data key", dataKey),
        };
        secrets.AddRange(materials.Select(m => ("key material", m)));
        secrets.AddRange(secrets.ToList().Select(s => (s.What + " (base64)", Encoding.ASCII.GetBytes(Convert.ToBase64String(s.Bytes)))));

        var stored = Directory.GetFiles(files.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(stored, f => f.EndsWith("kms.db"));
        foreach (var file in stored)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var (what, secret) in secrets)
                Assert.False(Contains(bytes, secret), $"{Path.GetFileName(file)} contains the {what}.");
        }
    }
}
