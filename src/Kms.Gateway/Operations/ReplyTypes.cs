namespace Kms.Gateway.Operations;

/// <summary>
/// The record an operation answers with on the native API and on the AWS protocol, for the OpenAPI description;
/// each is one of <c>Kms.Gateway.Responses</c>' records.
/// </summary>
public sealed record ReplyTypes(Type Native, Type Aws)
{
    public static ReplyTypes Of<TNative, TAws>() => new(typeof(TNative), typeof(TAws));

    public static ReplyTypes Same<T>() => new(typeof(T), typeof(T));
}
