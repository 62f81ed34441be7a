namespace Kms.Gateway.Endpoints;

/// <summary><c>{"KeyMetadata": …}</c>, the answer of createkey, enablekey and disablekey.</summary>
public sealed record KeyMetadataResponse(KeyMetadataDto KeyMetadata);
