namespace Kms.Client;

/// <summary>The headers that sign one request: its <c>x-kms-date</c> and its <c>Authorization</c>, valid for the second <see cref="Second"/>.</summary>
public sealed record RequestSignature(long Second, string Date, string Authorization);
