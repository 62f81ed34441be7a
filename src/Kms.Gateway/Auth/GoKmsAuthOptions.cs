namespace Kms.Gateway.Auth;

/// <summary>How far a request's date may stray from server time, for both signature schemes.</summary>
public sealed class GoKmsAuthOptions
{
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
