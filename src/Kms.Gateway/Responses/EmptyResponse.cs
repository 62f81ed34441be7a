namespace Kms.Gateway.Responses;

/// <summary><c>{}</c>: the answer of operations with no result, on both front doors.</summary>
public sealed record EmptyResponse
{
    public static readonly EmptyResponse Instance = new();
}
