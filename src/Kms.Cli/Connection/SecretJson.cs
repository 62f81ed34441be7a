using System.Text;
using System.Text.Json;

namespace Kms.Cli.Connection;

/// <summary>
/// Reads a base64 field straight from an answer's bytes, so a data key's plaintext lives only in arrays the caller
/// zeroes (the answer and the decoded key), never in an immutable string.
/// </summary>
internal static class SecretJson
{
    public static byte[] Base64Field(byte[] json, string field)
    {
        var name = Encoding.UTF8.GetBytes(field);
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals(name)) continue;
                reader.Read();
                return reader.GetBytesFromBase64();
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ServiceException("InvalidResponse", $"The answer's {field} is not base64 in JSON.");
        }
        throw new ServiceException("InvalidResponse", $"The answer has no {field}.");
    }
}
