using System.Buffers.Binary;
using System.Text;

namespace Kms.Node.Tests.Cluster;

/// <summary>The key id and key version a ciphertext blob names in its header, as docs/ciphertext-format.md lays it out.</summary>
public static class CiphertextHeader
{
    public static (string KeyId, uint Version) Read(string blob)
    {
        var bytes = Convert.FromBase64String(blob);
        Assert.True(bytes.Length > 7 && bytes[0] == (byte)'K' && bytes[1] == 1, "Not a format 1 ciphertext blob.");
        int length = bytes[2];
        return (Encoding.UTF8.GetString(bytes, 3, length), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(3 + length, 4)));
    }
}
