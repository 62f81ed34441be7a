using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Auth;

/// <summary>Where authentication leaves the caller for the operation to find.</summary>
public static class Principals
{
    private const string ItemKey = "kms.principal";

    public static void Set(HttpContext http, Principal principal) => http.Items[ItemKey] = principal;

    public static Principal? Get(HttpContext http) => http.Items[ItemKey] as Principal;
}
