using System.Collections;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Kms.Actors.Serialization;

namespace Kms.Actors.Tests.Serialization;

public sealed class KmsSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset Created = new(2026, 11, 28, 16, 4, 52, 123, TimeSpan.FromHours(2));
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme", ["purpose"] = "backup" };
    private static readonly KeyMetadata Metadata = new("key-1", Created, "orders database", Enabled: false, KeyStatus.PendingDeletion)
    {
        Usage = KeyUsage.GenerateVerifyMac,
        Spec = KeySpec.Hmac512,
        DeletionDate = Created.AddDays(7),
        PendingDeletionWindowInDays = 7,
    };

    /// <summary>One representative of every type in <see cref="KmsSerializer.Manifests"/>, every member set to a non-default value.</summary>
    private static readonly IReadOnlyDictionary<Type, object> Samples = new object[]
    {
        new KeyEvents.KeyCreated("key-1", Created, "orders database", "gokms", [1, 2, 3, 250])
        {
            Usage = KeyUsage.GenerateVerifyMac,
            Spec = KeySpec.Hmac384,
            Tags = new Dictionary<string, string> { ["team"] = "payments" },
        },
        new KeyEvents.KeyDescriptionUpdated("key-1", "new description"),
        new KeyEvents.KeyDeletionScheduled("key-1", Created.AddDays(7), 7),
        new KeyEvents.KeyDeletionCancelled("key-1"),
        new KeyEvents.KeyDestroyed("key-1", Created.AddDays(30)),
        new KeyEvents.KeyHistoryDeleted("key-1"),
        new KeyEvents.KeyRotated("key-1", 3, "gokms", [9, 8, 7], Created.AddDays(1), RotationType.Automatic, Created.AddDays(366)),
        new KeyEvents.KeyRotationEnabled("key-1", 180, Created.AddDays(180)),
        new KeyEvents.KeyRotationDisabled("key-1"),
        new KeyEvents.KeyTagged("key-1", new Dictionary<string, string> { ["a"] = "1", ["b"] = "" }),
        new KeyEvents.KeyUntagged("key-1", ["a", "b"]),
        new KeyEvents.KeyMaterialRewrapped("key-1", 2, "hsm", [4, 4, 4]),
        new KeyCommands.RewrapMaterial("key-1", "hsm"),
        new AliasEvents.AliasCreated("alias/app", "key-1", Created),
        new AliasEvents.AliasUpdated("alias/app", "key-2", Created.AddHours(1)),
        new AliasEvents.AliasDeleted("alias/app", Created.AddHours(2)),
        new Kms.Actors.Persistence.SealedPayload(KmsSerializer.Id, "alias-deleted.v1", [1, 2, 3], [4, 5, 6]),
        new AliasState("alias/app", "key-1", Created, Created.AddHours(1)),
        new AliasCommands.CreateAlias("alias/app", "key-1"),
        new AliasCommands.UpdateAlias("alias/app", "key-2"),
        new AliasCommands.DeleteAlias("alias/app") { OnlyIfTarget = "key-1" },
        new AliasCommands.ResolveAlias("alias/app"),
        new AliasReplies.Alias(new AliasState("alias/app", "key-1", Created, Created)),
        new AliasReplies.Deleted("alias/app"),
        new KeyCommands.UpdateKeyDescription("key-1", "d"),
        new KeyCommands.ScheduleKeyDeletion("key-1", 9),
        new KeyCommands.CancelKeyDeletion("key-1"),
        new KeyCommands.RotateKeyOnDemand("key-1"),
        new KeyCommands.EnableKeyRotation("key-1", 400),
        new KeyCommands.DisableKeyRotation("key-1"),
        new KeyCommands.GetKeyRotationStatus("key-1"),
        new KeyCommands.ListKeyRotations("key-1"),
        new KeyCommands.TagResource("key-1", new Dictionary<string, string> { ["x"] = "y" }),
        new KeyCommands.UntagResource("key-1", ["x"]),
        new KeyCommands.ListResourceTags("key-1"),
        new KeyCommands.RunDueTasks("key-1"),
        new KeyCommands.GenerateMac("key-1", [1, 2], MacAlgorithm.HmacSha512),
        new KeyCommands.VerifyMac("key-1", [1, 2], [3, 4], MacAlgorithm.HmacSha384),
        new KeyReplies.RandomBytes([5, 6, 7]),
        new KeyReplies.Mac("key-1", [1, 2, 3], MacAlgorithm.HmacSha384),
        new KeyReplies.MacVerified("key-1", MacAlgorithm.HmacSha512),
        new KeyReplies.RotationStatus("key-1", true, 365, Created.AddDays(365)),
        new KeyReplies.Rotations("key-1", [new KeyReplies.Rotation(2, Created, RotationType.OnDemand)]),
        new KeyReplies.Rotation(3, Created.AddDays(1), RotationType.Automatic),
        new KeyReplies.Tags("key-1", new Dictionary<string, string> { ["x"] = "y" }),
        new KeyCatalogProtocol.ListAliases("key-1", 10, "alias/a") { Scope = new KeyScope(["alias/app-*"], new KeyArns("eu-west-1", "123456789012")) },
        new KeyCatalogProtocol.AliasList([new AliasState("alias/app", "key-1", Created, Created)], "alias/app"),
        new KeyEvents.KeyEnabled("key-1"),
        new KeyEvents.KeyDisabled("key-1"),
        new KeyState("key-1", Created, "orders database", KeyStatus.PendingDeletion,
            [new KeyVersion(1, "gokms", [1, 2, 3]), new KeyVersion(2, "hsm", [4, 5, 6]) { RotationDate = Created, RotationType = RotationType.OnDemand }])
        {
            Usage = KeyUsage.EncryptDecrypt,
            Spec = KeySpec.SymmetricDefault,
            Tags = new Dictionary<string, string> { ["t"] = "v" },
            DeletionDate = Created.AddDays(7),
            PendingDeletionWindowInDays = 7,
            RotationPeriodInDays = 90,
            NextRotationDate = Created.AddDays(90),
        },
        new KeyCommands.CreateKey("key-1", "orders database", KeySpec.Hmac256, new Dictionary<string, string> { ["t"] = "v" }),
        new KeyCommands.DescribeKey("key-1"),
        new KeyCommands.EnableKey("key-1"),
        new KeyCommands.DisableKey("key-1"),
        new KeyCommands.Encrypt("key-1", [0, 1, 2, 255], Context),
        new KeyCommands.Decrypt("key-1", [(byte)'K', 1, 9], Context),
        new KeyCommands.GenerateDataKey("key-1", 64, Context),
        Metadata,
        new KeyReplies.Metadata(Metadata),
        new KeyReplies.Encrypted("key-1", [(byte)'K', 1, 2]),
        new KeyReplies.Decrypted("key-1", [7, 8, 9]),
        new KeyReplies.DataKey("key-1", [10, 11], [(byte)'K', 1, 3]),
        new KeyReplies.ReEncrypted("key-2", "key-1", [(byte)'K', 1, 4]),
        new KeyReplies.Failed(new KmsError(KmsErrorCode.InvalidCiphertext, "The ciphertext is truncated.")),
        new KeyCatalogProtocol.ListKeys(50, "key-0") { Scope = new KeyScope(["alias/app-*", "key-9"], KeyArns.Default) },
        new KeyCatalogProtocol.KeyList([Metadata, Metadata with { KeyId = "key-2", Enabled = true, KeyState = KeyStatus.Enabled }], "key-2"),
        new KeyLeases.Request("key-1", -42),
        new KeyLeases.Grant("key-1", 7, "a1b2-3", new KeyState("key-1", Created, "d", KeyStatus.Enabled, [new KeyVersion(1, "gokms", [1, 2, 3]) { WrapFormat = 2 }])
        {
            Spec = KeySpec.Hmac256,
            Usage = KeyUsage.GenerateVerifyMac,
        }, TimeSpan.FromSeconds(5)),
        new KeyLeases.Refused("key-1", 8),
        new KeyLeases.Revoke("key-1", "a1b2-3"),
        new KeyLeases.Revoked("key-1", "a1b2-3"),
    }.ToDictionary(sample => sample.GetType());

    private readonly KmsSerializer _serializer;

    public KmsSerializerTests() => _serializer = new KmsSerializer((ExtendedActorSystem)Sys);

    public static TheoryData<string> AllManifests => new(KmsSerializer.Manifests.Values);

    [Fact]
    public void Every_concrete_IKmsMessage_type_has_a_manifest()
    {
        // The protocol lives in Kms.Domain, the catalog's messages and the sealed payload in Kms.Actors.
        var unbound = new[] { typeof(IKmsMessage).Assembly, typeof(KmsSerializer).Assembly }.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IKmsMessage).IsAssignableFrom(t))
            .Where(t => !KmsSerializer.Manifests.ContainsKey(t))
            .Select(t => t.FullName);

        Assert.Empty(unbound);
    }

    [Fact]
    public void Every_type_with_a_manifest_is_an_IKmsMessage_so_the_binding_reaches_it()
    {
        var outside = KmsSerializer.Manifests.Keys.Where(t => !typeof(IKmsMessage).IsAssignableFrom(t)).Select(t => t.FullName);

        Assert.Empty(outside);
    }

    [Fact]
    public void Manifests_are_unique()
    {
        var duplicates = KmsSerializer.Manifests.Values.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData(typeof(KeyEvents.KeyCreated), "key-created.v1")]
    [InlineData(typeof(KeyEvents.KeyEnabled), "key-enabled.v1")]
    [InlineData(typeof(KeyEvents.KeyDisabled), "key-disabled.v1")]
    [InlineData(typeof(KeyState), "key-state.v1")]
    public void Journal_and_snapshot_manifests_never_change(Type type, string manifest)
    {
        Assert.Equal(manifest, KmsSerializer.Manifests[type]);
    }

    [Theory]
    [MemberData(nameof(AllManifests))]
    public void Every_manifested_type_round_trips_to_identical_bytes_and_the_same_type(string manifest)
    {
        var type = KmsSerializer.Manifests.Single(p => p.Value == manifest).Key;
        Assert.True(Samples.TryGetValue(type, out var sample), $"{type.FullName} has no sample in {nameof(KmsSerializerTests)}.");

        var bytes = _serializer.ToBinary(sample);
        Assert.Equal(manifest, _serializer.Manifest(sample));
        var restored = _serializer.FromBinary(bytes, _serializer.Manifest(sample));

        Assert.IsType(type, restored);
        Assert.Equal(bytes, _serializer.ToBinary(restored));
        AssertSameContent(sample, restored, type.Name);
    }

    [Fact]
    public void Every_sample_has_a_manifest()
    {
        Assert.Empty(Samples.Keys.Where(t => !KmsSerializer.Manifests.ContainsKey(t)).Select(t => t.FullName));
    }

    [Fact]
    public void Enums_are_written_by_name_so_reordering_them_keeps_the_journal_readable()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(Samples[typeof(KeyState)]));

        Assert.Contains("\"PendingDeletion\"", json);
        Assert.Contains("\"OnDemand\"", json);
    }

    [Fact]
    public void Material_persisted_before_wrap_format_2_reads_as_format_1_and_new_material_as_format_2()
    {
        var created = (KeyEvents.KeyCreated)_serializer.FromBinary(
            """{"KeyId":"k","CreationDate":"2026-01-01T00:00:00+00:00","Description":"","Provider":"gokms","WrappedMaterial":"AAAA"}"""u8.ToArray(), "key-created.v1");
        Assert.Equal(1, created.WrapFormat);
        Assert.Equal(1, ((KeyState?)null).Apply(created).Versions[0].WrapFormat);

        var snapshot = System.Text.Json.Nodes.JsonNode.Parse(_serializer.ToBinary(Samples[typeof(KeyState)]))!;
        foreach (var version in snapshot["Versions"]!.AsArray()) version!.AsObject().Remove("WrapFormat");
        var state = (KeyState)_serializer.FromBinary(Encoding.UTF8.GetBytes(snapshot.ToJsonString()), "key-state.v1");
        Assert.All(state.Versions, v => Assert.Equal(1, v.WrapFormat));

        var fresh = ((KeyState?)null).WithMaterial(new KeyCommands.CreateKey("k", "d"), DateTimeOffset.UnixEpoch, "gokms", [1]);
        Assert.Equal(KeyWrapBinding.CurrentFormat, ((KeyEvents.KeyCreated)fresh).WrapFormat);
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("{}"u8.ToArray(), "no-such-manifest.v1"));
    }

    [Fact]
    public void Messages_carrying_key_material_in_the_clear_have_no_manifest()
    {
        var generated = new MasterKeyProtocol.Generated(new GeneratedKeyMaterial([1, 2, 3], [4, 5, 6]), "gokms");

        Assert.Throws<SerializationException>(() => _serializer.Manifest(generated));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(generated));
    }

    /// <summary>Compares public properties recursively, so a member the JSON silently drops fails here even though the bytes round-trip.</summary>
    private static void AssertSameContent(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        if (expected is DateTimeOffset instant)
        {
            Assert.True(actual is DateTimeOffset other && instant.EqualsExact(other), $"{path}: expected {instant:O}, got {actual}");
            return;
        }
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IDictionary expectedDictionary)
        {
            var actualDictionary = Assert.IsAssignableFrom<IDictionary>(actual);
            Assert.Equal(expectedDictionary.Count, actualDictionary.Count);
            foreach (DictionaryEntry entry in expectedDictionary)
                AssertSameContent(entry.Value, actualDictionary[entry.Key], $"{path}[{entry.Key}]");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
            for (var i = 0; i < left.Count; i++) AssertSameContent(left[i], right[i], $"{path}[{i}]");
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            AssertSameContent(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
