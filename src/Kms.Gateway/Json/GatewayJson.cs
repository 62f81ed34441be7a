using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kms.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Json;

/// <summary>
/// JSON as go-kms clients speak it: field names matched case-insensitively, unknown fields ignored,
/// binary as standard padded base64, output names exactly as declared, absent values left out.
/// </summary>
public static class GatewayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The same output settings, with the code <see cref="ResponseJsonContext"/> generates for every body the gateway writes.</summary>
    private static readonly JsonSerializerOptions ResponseOptions = new(Options) { TypeInfoResolver = ResponseJsonContext.Default };

    /// <summary>
    /// Reads a bounded body and binds it. An empty body binds as <c>{}</c>. On failure the typed error is
    /// already written (413 for too large, 401 for a body other than the one whose hash was signed, 400 for
    /// malformed) and null is returned.
    /// </summary>
    public static async ValueTask<T?> ReadAsync<T>(HttpContext http, long maxBytes) where T : class, new()
    {
        var length = http.Request.ContentLength;
        if (length > maxBytes)
        {
            await RefuseTooLarge(http, maxBytes);
            return null;
        }

        // The body may carry a plaintext: it is read into a pooled buffer that is wiped before it goes back.
        byte[] body;
        int count;
        try
        {
            (body, count) = await ReadPooled(http.Request.Body, maxBytes, http.RequestAborted, length);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await RefuseTooLarge(http, maxBytes);
            return null;
        }
        // A body HTTP could not read, or a client gone mid-body, goes on to UnhandledErrorMiddleware: a typed 400, or a quiet abort.

        try
        {
            if (Auth.SignedContentHash.Of(http) is { } signed && !signed.Matches(body.AsSpan(0, count)))
            {
                Observability.AuthenticationMetrics.Failed("native", "InvalidSignatureException");
                await ErrorResponses.Write(http, StatusCodes.Status401Unauthorized, "InvalidSignatureException",
                    $"The request body does not match {Auth.GoKmsAuthenticationMiddleware.ContentHashHeader}.");
                return null;
            }
            var json = body.AsSpan(0, count);
            if (json.Trim(" \t\r\n"u8).IsEmpty) return new T();
            return JsonSerializer.Deserialize<T>(json, Options) ?? new T();
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } ? $" at {e.Path}" : "";
            await ErrorResponses.Write(http, StatusCodes.Status400BadRequest, "ValidationException", $"The request body is not valid JSON for this operation{where}.");
            return null;
        }
        finally
        {
            WipeAndReturn(body, count);
        }
    }

    /// <summary>
    /// Writes a whole JSON body. It is serialized before it is sent, so the response carries its
    /// Content-Length instead of being chunked. The serialized bytes (a reply can hold a plaintext) are wiped
    /// once they are copied into the response. The body's type must be one of <see cref="ResponseJsonContext"/>'s.
    /// </summary>
    public static Task WriteAsync(HttpContext http, object body)
    {
        var json = SerializeReply(body);
        try
        {
            http.Response.ContentLength = json.Length;
            http.Response.BodyWriter.Write(json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
        var flush = http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>A reply record as JSON, by the code generated for it; the caller wipes the bytes when done.</summary>
    public static byte[] SerializeReply(object body) => JsonSerializer.SerializeToUtf8Bytes(body, ResponseOptions.GetTypeInfo(body.GetType()));

    /// <summary>
    /// Bytes of a refused body read and thrown away after its 413, so that a client that sends its whole body before
    /// it reads (Python's http.client, most SDKs) gets the answer: closing with unread data would reset the connection
    /// and lose the answer. The node's Kestrel limit is the body limit plus this much (Kms.Node's KmsNode).
    /// </summary>
    public const long DrainBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Answers a body HTTP itself could not read (a malformed chunk, a body shorter than announced) with its own
    /// status, typed, and closes the connection, whose framing is lost. Kestrel's text can quote the client's bytes,
    /// so it is not passed on.
    /// </summary>
    public static Task RefuseUnreadable(HttpContext http, int status)
    {
        if (HttpProtocol.IsHttp11(http.Request.Protocol)) http.Response.Headers.Connection = "close";
        return ErrorResponses.Write(http, status, "ValidationException", "The request body could not be read: it is not well-formed HTTP.");
    }

    /// <summary>
    /// Answers 413 and closes the connection afterwards, having first read and discarded up to <see cref="DrainBytes"/>
    /// of what is left of the body (within <see cref="DrainTime"/>), wiping it as it goes.
    /// </summary>
    public static async Task RefuseTooLarge(HttpContext http, long maxBytes)
    {
        if (HttpProtocol.IsHttp11(http.Request.Protocol)) http.Response.Headers.Connection = "close";
        await ErrorResponses.Write(http, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLargeException", $"The request body exceeds {maxBytes} bytes.");
        if (http.Request.ContentLength > maxBytes + DrainBytes) return;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(DrainTime);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            int read;
            while (drained < DrainBytes && (read = await http.Request.Body.ReadAsync(buffer, deadline.Token)) > 0) drained += read;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client stopped sending, took too long or sent too much: the connection closes as it would have.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>
    /// Reads a whole body into an array from <see cref="ArrayPool{T}.Shared"/>, which the caller wipes and
    /// returns; throws <see cref="InvalidDataException"/> past <paramref name="maxBytes"/> or past an announced
    /// length. A body without a length grows its buffer by doubling, and each outgrown buffer is wiped too.
    /// </summary>
    private static async ValueTask<(byte[] Buffer, int Count)> ReadPooled(Stream body, long maxBytes, CancellationToken ct, long? contentLength)
    {
        var announced = contentLength is { } length and >= 0 && length <= maxBytes;
        var limit = announced ? contentLength!.Value : maxBytes;
        // One byte more than the limit is room to notice a body longer than its Content-Length (or the maximum).
        var buffer = ArrayPool<byte>.Shared.Rent((int)(announced ? limit + 1 : Math.Min(limit + 1, UnannouncedStart)));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length) buffer = Grow(buffer, (int)Math.Min(2L * buffer.Length, limit + 1));
                var read = await body.ReadAsync(buffer.AsMemory(count), ct);
                if (read == 0) return (buffer, count);
                count += read;
                if (count > limit) throw new InvalidDataException(announced ? "Body longer than announced." : "Body too large.");
            }
        }
        catch
        {
            WipeAndReturn(buffer, count);
            throw;
        }
    }

    private const int UnannouncedStart = 4096;

    private static byte[] Grow(byte[] buffer, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.CopyTo(bigger, 0);
        WipeAndReturn(buffer, buffer.Length);
        return bigger;
    }

    /// <summary>Wipes the first <paramref name="count"/> bytes of a pooled buffer (the body read into it) and returns it to the pool.</summary>
    private static void WipeAndReturn(byte[] buffer, int count)
    {
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, count));
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// Reads a whole body into an array of its own, for a caller that keeps it (the SigV4 check hashes it, then
    /// hands it on) and wipes it when done; throws <see cref="InvalidDataException"/> past <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<byte[]> ReadBounded(Stream body, long maxBytes, CancellationToken ct, long? contentLength = null)
    {
        var (buffer, count) = await ReadPooled(body, maxBytes, ct, contentLength);
        try
        {
            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            WipeAndReturn(buffer, count);
        }
    }
}
