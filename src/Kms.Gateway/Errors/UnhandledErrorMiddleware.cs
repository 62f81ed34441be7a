using Kms.Actors.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kms.Gateway.Errors;

/// <summary>Turns anything unexpected into a typed 500 instead of a dropped connection or an empty body.</summary>
public sealed class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            // A body HTTP itself could not read, wherever it was read: the client's fault, not the server's.
            http.Response.Clear();
            await Json.GatewayJson.RefuseUnreadable(http, e.StatusCode);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            // The client went away mid-body (reset or closed): nobody is left to answer, nor anything to log.
            http.Abort();
        }
        catch (Akka.Actor.AskTimeoutException) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            await ErrorResponses.Write(http, StatusCodes.Status503ServiceUnavailable, "KeyUnavailableException", "The key store did not answer in time; try again.");
        }
        catch (Exception e)
        {
            log.LogError(e, "Unhandled error in {Method} {Path}", LogValue.Escape(http.Request.Method), LogValue.Escape(http.Request.Path.Value));
            if (http.Response.HasStarted) throw;
            http.Response.Clear();
            await ErrorResponses.Write(http, StatusCodes.Status500InternalServerError, "KMSInternalException", "The server failed to handle the request.");
        }
    }
}
