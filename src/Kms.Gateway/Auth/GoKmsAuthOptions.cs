namespace Kms.Gateway.Auth;

/// <summary>How far a request's date may stray from server time, for both signature schemes; whether go-kms requests must sign their body.</summary>
public sealed class GoKmsAuthOptions
{
    /// <summary>Refuse go-kms requests without <c>x-kms-content-sha256</c> (legacy go-kms clients cannot send it).</summary>
    public bool RequireContentHash { get; init; }

    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
