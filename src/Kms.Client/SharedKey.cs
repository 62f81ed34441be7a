namespace Kms.Client;

/// <summary>The shared HMAC key as a node reads its key file: the file's bytes less one trailing newline (<c>\n</c> or <c>\r\n</c>).</summary>
public static class SharedKey
{
    /// <summary>Reads the file; an empty result is for the caller to refuse, with its own wording.</summary>
    public static byte[] ReadFile(string path) => Trim(File.ReadAllBytes(path));

    public static byte[] Trim(byte[] bytes)
    {
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r' && length < bytes.Length) length--;
        return length == bytes.Length ? bytes : bytes[..length];
    }
}
