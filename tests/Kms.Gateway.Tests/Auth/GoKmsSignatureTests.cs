using System.Text;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Tests.Auth;

/// <summary>Vectors from go-kms's own tests.</summary>
public sealed class GoKmsSignatureTests
{
    private static readonly byte[] SharedKey = Encoding.UTF8.GetBytes("e7yflbeeid26rredmwtbiyzxijzak6altcnrsi4yol2f5sexbgdwevlpgosfoeyy");
    private const string Date = "Wed, 28 Jan 2015 10:42:13 UTC";
    private const string CopyPath = "/api/v1/blocker/6f90d707-3b6a-4321-b32c-3c1d37915c1b";
    private const string CopySignature = "RvPtP0QB7iIun1ehwheD4YUo7+fYfw7/ywl+HsC5Ddk=";
    private const string ListKeysPath = "/api/v1/go-kms/listkeys";
    private const string ListKeysSignature = "9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhngU=";
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static TheoryData<string, string, string> Vectors => new()
    {
        { "COPY", CopyPath, CopySignature },
        { "POST", ListKeysPath, ListKeysSignature },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ComputeBase64_reproduces_the_go_kms_vectors(string method, string path, string signature)
    {
        Assert.Equal(signature, GoKmsSignature.ComputeBase64(SharedKey, method, Date, path));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_accepts_the_go_kms_vectors(string method, string path, string signature)
    {
        Assert.True(GoKmsSignature.Verify(SharedKey, method, Date, path, signature));
    }

    [Theory]
    [InlineData("/api/v1/go-kms/encrypt")]
    [InlineData("/api/v1/go-kms/ünïcødé-€")] // more UTF-8 bytes than characters
    [InlineData(null)]                       // longer than the stack buffer: 2,000 multi-byte characters
    public void Verify_accepts_what_ComputeBase64_signs_for_short_long_and_non_ascii_paths(string? path)
    {
        path ??= "/api/v1/go-kms/" + new string('é', 2000);
        var signature = GoKmsSignature.ComputeBase64(SharedKey, "POST", Date, path);
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, path, signature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, path + "x", signature));
    }

    [Fact]
    public void Verify_keeps_each_keys_MAC_apart_on_one_thread_past_the_kept_contexts()
    {
        // Twenty keys, more than a thread keeps contexts for, each checked twice in turn with a mismatch between.
        var keys = Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"shared key number {i}")).ToList();
        var signatures = keys.Select(key => GoKmsSignature.ComputeBase64(key, "POST", Date, ListKeysPath)).ToList();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                Assert.True(GoKmsSignature.Verify(keys[i], "POST", Date, ListKeysPath, signatures[i]), $"key {i}, round {round}");
                Assert.False(GoKmsSignature.Verify(keys[i], "POST", Date, ListKeysPath, signatures[(i + 1) % keys.Count]), $"key {i}, round {round}");
            }
        }
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_answers_the_same_from_a_kept_MAC_as_when_it_computes_one()
    {
        // The same text again and again (kept), wrong signatures for it in between, and more other paths than
        // a thread keeps, so that the first is computed again after its place was taken.
        var others = Enumerable.Range(0, 10).Select(i => $"/api/v1/go-kms/op{i}").ToList();
        for (var round = 0; round < 3; round++)
        {
            for (var repeat = 0; repeat < 3; repeat++)
            {
                Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ListKeysSignature));
                Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, CopySignature));
                Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ""));
            }
            foreach (var other in others)
            {
                var signature = GoKmsSignature.ComputeBase64(SharedKey, "POST", Date, other);
                Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, other, signature));
                Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, other, ListKeysSignature));
            }
        }
    }

    [Fact]
    public void A_kept_MAC_serves_only_its_own_key_method_date_and_path()
    {
        var otherKey = (byte[])SharedKey.Clone();
        otherKey[^1] = (byte)'z';
        var sameBytes = (byte[])SharedKey.Clone();
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ListKeysSignature));

        Assert.False(GoKmsSignature.Verify(otherKey, "POST", Date, ListKeysPath, ListKeysSignature));
        Assert.True(GoKmsSignature.Verify(sameBytes, "POST", Date, ListKeysPath, ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "PUT", Date, ListKeysPath, ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", "Wed, 28 Jan 2015 10:42:14 UTC", ListKeysPath, ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath + "/", ListKeysSignature));
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_refuses_a_signature_made_for_another_path()
    {
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, "/api/v1/go-kms/encrypt", ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, CopyPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_refuses_a_signature_made_for_another_method()
    {
        Assert.False(GoKmsSignature.Verify(SharedKey, "GET", Date, ListKeysPath, ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "post", Date, ListKeysPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_refuses_a_signature_made_for_another_date()
    {
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", "Wed, 28 Jan 2015 10:42:14 UTC", ListKeysPath, ListKeysSignature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", "Wed, 28 Jan 2015 10:42:13 GMT", ListKeysPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_refuses_a_signature_made_with_another_shared_key()
    {
        var otherKey = (byte[])SharedKey.Clone();
        otherKey[^1] = (byte)'z';

        Assert.False(GoKmsSignature.Verify(otherKey, "POST", Date, ListKeysPath, ListKeysSignature));
    }

    [Fact]
    public void Verify_refuses_a_signature_with_any_one_character_changed()
    {
        // Moving each character half way round the alphabet flips the top bit of its six, which always lands in the decoded bytes.
        for (var position = 0; position < ListKeysSignature.TrimEnd('=').Length; position++)
        {
            var chars = ListKeysSignature.ToCharArray();
            chars[position] = Base64Alphabet[(Base64Alphabet.IndexOf(chars[position]) + 32) % 64];
            var changed = new string(chars);

            Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, changed), $"character {position}: {changed}");
        }
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhngU")]
    [InlineData("9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhngU==")]
    [InlineData("9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhng*=")]
    [InlineData("====")]
    public void Verify_refuses_malformed_base64(string presented)
    {
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, presented));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Verify_refuses_an_empty_signature(string presented)
    {
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, presented));
    }

    [Fact]
    public void Verify_refuses_every_truncation_of_the_signature()
    {
        var bytes = Convert.FromBase64String(ListKeysSignature);

        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = Convert.ToBase64String(bytes, 0, length);
            Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, truncated), $"{length} bytes");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(33)]
    public void Verify_refuses_the_signature_with_extra_bytes(int extra)
    {
        var bytes = Convert.FromBase64String(ListKeysSignature);
        var longer = Convert.ToBase64String([.. bytes, .. new byte[extra]]);

        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, longer));
    }

    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void A_signature_over_a_content_hash_verifies_only_with_that_hash()
    {
        var otherHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8));
        var signature = GoKmsSignature.ComputeBase64(SharedKey, "POST", Date, ListKeysPath, EmptyBodyHash);

        Assert.NotEqual(ListKeysSignature, signature);
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, EmptyBodyHash, signature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, otherHash, signature));
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, contentHash: null, signature));
        // The legacy signature of the same request does not pass for one with a hash, and the MACs this thread kept
        // for either do not answer for the other.
        Assert.False(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, EmptyBodyHash, ListKeysSignature));
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, ListKeysSignature));
        Assert.True(GoKmsSignature.Verify(SharedKey, "POST", Date, ListKeysPath, EmptyBodyHash, signature));
    }
}
