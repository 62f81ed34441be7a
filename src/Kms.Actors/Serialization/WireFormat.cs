using System.Runtime.Serialization;
using Kms.Actors.Keys;

namespace Kms.Actors.Serialization;

/// <summary>
/// A hand-written binary layout for the hot commands and replies that cross nodes, where JSON (reflection,
/// property names, base64) cost most of a remote hop's serialization. Fields go in declaration order; see
/// <see cref="WireWriter"/> for the encoding. Journal events and snapshots stay JSON. A layout never changes
/// under its manifest: a new shape gets a new manifest, and the old one stays readable.
/// </summary>
internal static class WireFormat
{
    /// <summary>
    /// The JSON manifest each binary type was sent under before: still read, so nodes of both versions can talk
    /// during a rolling upgrade, and written when <c>kms.serialization.binary-wire</c> is off.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, string> JsonManifests = new Dictionary<Type, string>
    {
        [typeof(KeyCommands.Encrypt)] = "cmd-encrypt.v1",
        [typeof(KeyCommands.Decrypt)] = "cmd-decrypt.v1",
        [typeof(KeyCommands.GenerateDataKey)] = "cmd-generate-data-key.v1",
        [typeof(KeyCommands.GenerateMac)] = "cmd-generate-mac.v1",
        [typeof(KeyCommands.VerifyMac)] = "cmd-verify-mac.v1",
        [typeof(KeyReplies.Encrypted)] = "reply-encrypted.v1",
        [typeof(KeyReplies.Decrypted)] = "reply-decrypted.v1",
        [typeof(KeyReplies.DataKey)] = "reply-data-key.v1",
        [typeof(KeyReplies.Mac)] = "reply-mac.v1",
        [typeof(KeyReplies.MacVerified)] = "reply-mac-verified.v1",
        [typeof(KeyReplies.Failed)] = "reply-failed.v1",
    };

    public static byte[] Write(object message)
    {
        var w = new WireWriter();
        try
        {
            WriteFields(ref w, message);
            return w.ToArray();
        }
        finally
        {
            w.Dispose();
        }
    }

    private static void WriteFields(ref WireWriter w, object message)
    {
        switch (message)
        {
            case KeyCommands.Encrypt m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Plaintext);
                w.WriteOptionalMap(m.EncryptionContext);
                break;
            case KeyCommands.Decrypt m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.CiphertextBlob);
                w.WriteOptionalMap(m.EncryptionContext);
                break;
            case KeyCommands.GenerateDataKey m:
                w.WriteString(m.KeyId);
                w.WriteCount(m.NumberOfBytes >= 0 ? m.NumberOfBytes : throw new SerializationException("NumberOfBytes is negative."));
                w.WriteOptionalMap(m.EncryptionContext);
                break;
            case KeyCommands.GenerateMac m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Message);
                w.WriteEnum(m.Algorithm);
                break;
            case KeyCommands.VerifyMac m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Message);
                w.WriteBytes(m.Mac);
                w.WriteEnum(m.Algorithm);
                break;
            case KeyReplies.Encrypted m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.CiphertextBlob);
                break;
            case KeyReplies.Decrypted m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Plaintext);
                break;
            case KeyReplies.DataKey m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Plaintext);
                w.WriteBytes(m.CiphertextBlob);
                break;
            case KeyReplies.Mac m:
                w.WriteString(m.KeyId);
                w.WriteBytes(m.Value);
                w.WriteEnum(m.Algorithm);
                break;
            case KeyReplies.MacVerified m:
                w.WriteString(m.KeyId);
                w.WriteEnum(m.Algorithm);
                break;
            case KeyReplies.Failed m:
                w.WriteEnum(m.Error.Code);
                w.WriteString(m.Error.Message);
                break;
            default:
                throw new SerializationException($"{message.GetType().FullName} has no binary layout.");
        }
    }

    /// <summary>Reads a binary manifest's message; false when <paramref name="manifest"/> is not a binary one.</summary>
    public static bool TryRead(string manifest, ReadOnlySpan<byte> bytes, out object message)
    {
        var r = new WireReader(bytes, manifest);
        message = manifest switch
        {
            "encrypt.b1" => new KeyCommands.Encrypt(r.ReadString(), r.ReadBytes(), r.ReadOptionalMap()),
            "decrypt.b1" => new KeyCommands.Decrypt(r.ReadString(), r.ReadBytes(), r.ReadOptionalMap()),
            "generate-data-key.b1" => new KeyCommands.GenerateDataKey(r.ReadString(), r.ReadCount(), r.ReadOptionalMap()),
            "generate-mac.b1" => new KeyCommands.GenerateMac(r.ReadString(), r.ReadBytes(), r.ReadEnum<MacAlgorithm>()),
            "verify-mac.b1" => new KeyCommands.VerifyMac(r.ReadString(), r.ReadBytes(), r.ReadBytes(), r.ReadEnum<MacAlgorithm>()),
            "encrypted.b1" => new KeyReplies.Encrypted(r.ReadString(), r.ReadBytes()),
            "decrypted.b1" => new KeyReplies.Decrypted(r.ReadString(), r.ReadBytes()),
            "data-key.b1" => new KeyReplies.DataKey(r.ReadString(), r.ReadBytes(), r.ReadBytes()),
            "mac.b1" => new KeyReplies.Mac(r.ReadString(), r.ReadBytes(), r.ReadEnum<MacAlgorithm>()),
            "mac-verified.b1" => new KeyReplies.MacVerified(r.ReadString(), r.ReadEnum<MacAlgorithm>()),
            "failed.b1" => new KeyReplies.Failed(new KmsError(r.ReadEnum<KmsErrorCode>(), r.ReadString())),
            _ => null!,
        };
        if (message is null) return false;
        r.End();
        return true;
    }
}
