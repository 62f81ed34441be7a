namespace Kms.Gateway.Auth;

/// <summary>What a principal may do: <c>admin</c> everything, <c>crypto</c> use keys, <c>read</c> look at them.</summary>
[Flags]
public enum Role
{
    Admin = 1,
    Crypto = 2,
    Read = 4,
}
