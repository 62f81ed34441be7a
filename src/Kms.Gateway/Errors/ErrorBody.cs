using System.Text.Json.Serialization;

namespace Kms.Gateway.Errors;

/// <summary>An AWS-style error body, <c>{"__type": "…Exception", "message": "…"}</c>.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string Message);
