using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kms.Client;

/// <summary>
/// JSON as a Go client writes it: names exactly as declared, nulls left out, and base64's <c>+</c> and <c>/</c> as
/// they are (the default encoder would send <c>\u002B</c>, which Go never does).
/// </summary>
public static class KmsJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Options);
}
