using System.Net;

namespace Kms.Node.Tests.Support;

public static class ResponseAssertions
{
    /// <summary>Asserts a typed error, its HTTP status and its <c>__type</c>, showing the whole answer when either differs.</summary>
    public static void AssertError(this GoKmsClient.Response response, HttpStatusCode status, string type)
    {
        if (response.Status != status || response.ErrorType != type)
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} {type}, got {(int)response.Status}: {response.Body}");
    }
}
