using System.Collections.Concurrent;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Durability;

public class ConcurrencyTests
{
    [Fact]
    public async Task Toggling_one_key_under_crypto_load_loses_nothing()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        using var client = node.Client();
        var keyId = await client.CreateKey("contended");
        var initial = await client.Encrypt(keyId, [42]);

        var unexpected = new ConcurrentBag<string>();
        var ciphertexts = new ConcurrentBag<(byte Value, string Blob)>();
        var disabledAnswers = 0;

        async Task Toggle(int worker)
        {
            for (var i = 0; i < 40; i++)
            {
                var response = await client.Post((i + worker) % 2 == 0 ? "disablekey" : "enablekey", new { KeyID = keyId });
                if (response.Status != System.Net.HttpStatusCode.OK) unexpected.Add(response.Body);
            }
        }

        async Task Crypt(int worker)
        {
            for (var i = 0; i < 60; i++)
            {
                var value = (byte)(worker * 60 + i);
                var encrypted = await client.Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String([value]) });
                if (encrypted.ErrorType == "DisabledException") { Interlocked.Increment(ref disabledAnswers); continue; }
                if (encrypted.Status != System.Net.HttpStatusCode.OK) { unexpected.Add(encrypted.Body); continue; }
                var blob = (string)encrypted.Json!["CiphertextBlob"]!;
                ciphertexts.Add((value, blob));
                var decrypted = await client.Post("decrypt", new { CiphertextBlob = blob });
                if (decrypted.ErrorType == "DisabledException") { Interlocked.Increment(ref disabledAnswers); continue; }
                if (decrypted.Status != System.Net.HttpStatusCode.OK) unexpected.Add(decrypted.Body);
                else if (Convert.FromBase64String((string)decrypted.Json!["Plaintext"]!)[0] != value) unexpected.Add("wrong plaintext");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(Toggle).Concat(Enumerable.Range(0, 4).Select(Crypt)));

        Assert.Empty(unexpected);
        Assert.True(disabledAnswers > 0, "The togglers never disabled the key while crypto ran; the test proved nothing.");
        Assert.NotEmpty(ciphertexts);
        (await client.Post("enablekey", new { KeyID = keyId })).EnsureOk();
        Assert.Equal(new byte[] { 42 }, await client.Decrypt(initial));
        foreach (var (value, blob) in ciphertexts) Assert.Equal(new[] { value }, await client.Decrypt(blob));

        await node.Stop();
        await using var restarted = await InProcessNode.Start(node.Files);
        using var again = restarted.Client();
        Assert.Equal(new byte[] { 42 }, await again.Decrypt(initial));
        foreach (var (value, blob) in ciphertexts.Take(20)) Assert.Equal(new[] { value }, await again.Decrypt(blob));
    }
}
