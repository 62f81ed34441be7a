namespace Kms.Gateway.Operations;

/// <summary>One KMS operation as both front doors serve it.</summary>
public interface IKmsOperation
{
    /// <summary>The AWS KMS name, e.g. <c>GenerateDataKey</c>; the native path is its lower case.</summary>
    string Name { get; }

    /// <summary>The request's shape, for the OpenAPI description.</summary>
    Type RequestType { get; }

    /// <summary>The success body's shape on each front door, for the OpenAPI description.</summary>
    ReplyTypes ReplyTypes { get; }

    Task Execute(OperationContext context);
}
