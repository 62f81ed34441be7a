using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Configuration;
using CsCheck;
using Kms.Actors.Keys;
using Kms.Actors.Serialization;

namespace Kms.Actors.Tests.Serialization;

public sealed class WireFormatTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Gen<string> Text = Gen.String[0, 40];
    private static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 300];
    private static readonly Gen<Dictionary<string, string>?> Context =
        Gen.String[0, 12].Dictionary(Gen.String[0, 20])[0, 5].Null(0.3);

    /// <summary>Every type with a binary layout, with random contents.</summary>
    private static readonly Gen<object> Messages = Gen.OneOf<object>(
        Gen.Select(Text, Bytes, Context, (id, plaintext, context) => (object)new KeyCommands.Encrypt(id, plaintext, context)),
        Gen.Select(Text, Bytes, Context, (id, blob, context) => (object)new KeyCommands.Decrypt(id, blob, context)),
        Gen.Select(Text, Gen.Int[0, int.MaxValue], Context, (id, count, context) => (object)new KeyCommands.GenerateDataKey(id, count, context)),
        Gen.Select(Text, Bytes, Gen.Enum<MacAlgorithm>(), (id, message, algorithm) => (object)new KeyCommands.GenerateMac(id, message, algorithm)),
        Gen.Select(Text, Bytes, Bytes, Gen.Enum<MacAlgorithm>(), (id, message, mac, algorithm) => (object)new KeyCommands.VerifyMac(id, message, mac, algorithm)),
        Gen.Select(Text, Bytes, (id, blob) => (object)new KeyReplies.Encrypted(id, blob)),
        Gen.Select(Text, Bytes, (id, plaintext) => (object)new KeyReplies.Decrypted(id, plaintext)),
        Gen.Select(Text, Bytes, Bytes, (id, plaintext, blob) => (object)new KeyReplies.DataKey(id, plaintext, blob)),
        Gen.Select(Text, Bytes, Gen.Enum<MacAlgorithm>(), (id, mac, algorithm) => (object)new KeyReplies.Mac(id, mac, algorithm)),
        Gen.Select(Text, Gen.Enum<MacAlgorithm>(), (id, algorithm) => (object)new KeyReplies.MacVerified(id, algorithm)),
        Gen.Select(Gen.Enum<KmsErrorCode>(), Text, (code, why) => (object)new KeyReplies.Failed(new KmsError(code, why))));

    private static readonly JsonSerializerOptions LegacyJson = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly KmsSerializer _serializer;

    public WireFormatTests() => _serializer = new KmsSerializer((ExtendedActorSystem)Sys);

    [Fact]
    public void Every_type_with_a_binary_layout_has_a_binary_manifest_and_keeps_its_json_one_readable()
    {
        var binary = KmsSerializer.Manifests.Where(p => p.Value.EndsWith(".b1", StringComparison.Ordinal)).Select(p => p.Key);

        Assert.Equal(binary.OrderBy(t => t.FullName), WireFormat.JsonManifests.Keys.OrderBy(t => t.FullName));
    }

    [Fact]
    public void Random_messages_round_trip_through_their_binary_manifest()
    {
        Messages.Sample(message =>
        {
            var manifest = _serializer.Manifest(message);
            Assert.EndsWith(".b1", manifest);
            var bytes = _serializer.ToBinary(message);

            var restored = _serializer.FromBinary(bytes, manifest);

            Assert.Equal(Describe(message), Describe(restored));
            Assert.Equal(bytes, _serializer.ToBinary(restored));
        }, iter: 2000);
    }

    [Fact]
    public void Binary_messages_are_smaller_than_their_json()
    {
        var encrypt = new KeyCommands.Encrypt("0d1c6f3e-6a2b-4a8e-9a51-7f0c2d9e4b11", new byte[256], new Dictionary<string, string> { ["tenant"] = "acme" });

        Assert.True(_serializer.ToBinary(encrypt).Length < JsonSerializer.SerializeToUtf8Bytes(encrypt, LegacyJson).Length * 0.8);
    }

    [Fact]
    public void Every_truncation_of_a_message_is_refused_with_a_SerializationException()
    {
        Messages.Sample(message =>
        {
            var manifest = _serializer.Manifest(message);
            var bytes = _serializer.ToBinary(message);
            for (var length = 0; length < bytes.Length; length++)
                Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes[..length], manifest));
        }, iter: 200);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var bytes = _serializer.ToBinary(new KeyReplies.Encrypted("k", [1, 2]));

        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary([.. bytes, 0], "encrypted.b1"));
        Assert.Contains("encrypted.b1", e.Message);
    }

    [Fact]
    public void Garbage_either_reads_as_a_message_or_is_refused_with_a_SerializationException()
    {
        var manifests = WireFormat.JsonManifests.Keys.Select(t => KmsSerializer.Manifests[t]).ToArray();
        Gen.Select(Gen.OneOf(manifests), Gen.Byte.Array[0, 64]).Sample((manifest, garbage) =>
        {
            try
            {
                _serializer.FromBinary(garbage, manifest);
            }
            catch (SerializationException)
            {
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("encrypt.b1", new byte[] { 1, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData("encrypt.b1", new byte[] { 1, (byte)'k', 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData("decrypted.b1", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData("decrypted.b1", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void A_forged_length_or_count_is_refused_without_allocating_what_it_claims(string manifest, byte[] forged)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(forged, manifest));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "the forged length was allocated");
    }

    [Theory]
    [InlineData(new byte[] { 0x01, (byte)'k', 0x00, 0x0A, (byte)'H', (byte)'m', (byte)'a', (byte)'c', (byte)'S', (byte)'h', (byte)'a', (byte)'9', (byte)'9', (byte)'9' })]
    [InlineData(new byte[] { 0x01, (byte)'k', 0x00, 0x01, (byte)'1' })]
    [InlineData(new byte[] { 0x01, 0xC3, 0x00, 0x01, (byte)'1' })]
    public void An_unknown_enum_name_a_number_or_invalid_utf8_is_refused(byte[] forged)
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(forged, "generate-mac.b1"));
    }

    [Fact]
    public void A_repeated_context_key_is_refused()
    {
        byte[] forged = [1, (byte)'k', 0, 3, 1, (byte)'a', 0, 1, (byte)'a', 1, (byte)'b'];

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(forged, "encrypt.b1"));
    }

    [Fact]
    public void Messages_sent_as_json_by_a_node_of_the_previous_version_still_read()
    {
        Messages.Sample(message =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), LegacyJson);

            var restored = _serializer.FromBinary(json, WireFormat.JsonManifests[message.GetType()]);

            Assert.Equal(Describe(message), Describe(restored));
        }, iter: 300);
    }

    [Fact]
    public void Malformed_json_under_an_old_manifest_is_a_SerializationException()
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("{\"KeyId\":"u8.ToArray(), "cmd-encrypt.v1"));
    }

    [Fact]
    public void With_the_binary_wire_off_a_node_sends_the_json_manifests_an_older_node_reads()
    {
        var config = ConfigurationFactory.ParseString("kms.serialization.binary-wire = off");
        using var system = ActorSystem.Create("json-wire", config);
        var serializer = new KmsSerializer((ExtendedActorSystem)system);
        var encrypt = new KeyCommands.Encrypt("k", [1, 2, 3], null);

        Assert.Equal("cmd-encrypt.v1", serializer.Manifest(encrypt));
        Assert.Equal(Describe(encrypt), Describe(JsonSerializer.Deserialize<KeyCommands.Encrypt>(serializer.ToBinary(encrypt), LegacyJson)));
    }

    /// <summary>Records compare arrays and dictionaries by reference, so compare a rendering of their contents.</summary>
    private static string Describe(object? message) => JsonSerializer.Serialize(message, message!.GetType(), LegacyJson);
}
