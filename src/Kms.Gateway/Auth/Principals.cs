using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Auth;

/// <summary>
/// Where authentication leaves the caller for the operation to find: a request feature, like the request
/// log's record, so that no request needs an <c>HttpContext.Items</c> dictionary.
/// </summary>
public static class Principals
{
    public static void Set(HttpContext http, Principal principal) => http.Features.Set(principal);

    public static Principal? Get(HttpContext http) => http.Features.Get<Principal>();
}
