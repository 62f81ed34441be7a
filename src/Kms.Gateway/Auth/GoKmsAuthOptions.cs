namespace Kms.Gateway.Auth;

/// <summary>The native protocol's shared key and how far a request's date may stray from server time.</summary>
public sealed class GoKmsAuthOptions
{
    public required byte[] SharedKey { get; init; }

    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
