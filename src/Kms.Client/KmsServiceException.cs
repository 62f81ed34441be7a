namespace Kms.Client;

/// <summary>
/// The node answered with an error: its <c>__type</c> and <c>message</c>, or, for an answer that is not a typed error
/// (a proxy's page, say), <c>HTTP&lt;status&gt;</c> and the start of the body.
/// </summary>
public sealed class KmsServiceException(string type, string message, int status) : Exception(message)
{
    public string Type => type;

    public int Status => status;
}
