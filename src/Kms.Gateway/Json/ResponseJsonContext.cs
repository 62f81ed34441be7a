using System.Text.Json.Serialization;
using Kms.Gateway.Errors;
using static Kms.Gateway.Responses.AliasResponses;
using static Kms.Gateway.Responses.CryptoResponses;
using static Kms.Gateway.Responses.KeyResponses;

namespace Kms.Gateway.Json;

/// <summary>
/// Serialization code generated at build time for every body the gateway writes, so that writing a reply reflects
/// over nothing. A body type missing here fails on its first request (and in the catalog's tests), not silently.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(NativeEncryptResponse))]
[JsonSerializable(typeof(AwsEncryptResponse))]
[JsonSerializable(typeof(NativeDecryptResponse))]
[JsonSerializable(typeof(AwsDecryptResponse))]
[JsonSerializable(typeof(NativeReEncryptResponse))]
[JsonSerializable(typeof(AwsReEncryptResponse))]
[JsonSerializable(typeof(NativeGenerateDataKeyResponse))]
[JsonSerializable(typeof(AwsGenerateDataKeyResponse))]
[JsonSerializable(typeof(GenerateDataKeyWithoutPlaintextResponse))]
[JsonSerializable(typeof(GenerateRandomResponse))]
[JsonSerializable(typeof(GenerateMacResponse))]
[JsonSerializable(typeof(VerifyMacResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(KeyIdResponse))]
[JsonSerializable(typeof(NativeKeyMetadataResponse))]
[JsonSerializable(typeof(AwsKeyMetadataResponse))]
[JsonSerializable(typeof(NativeListKeysResponse))]
[JsonSerializable(typeof(AwsListKeysResponse))]
[JsonSerializable(typeof(NativeScheduleKeyDeletionResponse))]
[JsonSerializable(typeof(AwsScheduleKeyDeletionResponse))]
[JsonSerializable(typeof(NativeKeyRotationStatusResponse))]
[JsonSerializable(typeof(AwsKeyRotationStatusResponse))]
[JsonSerializable(typeof(NativeListKeyRotationsResponse))]
[JsonSerializable(typeof(AwsListKeyRotationsResponse))]
[JsonSerializable(typeof(ListResourceTagsResponse))]
[JsonSerializable(typeof(NativeListAliasesResponse))]
[JsonSerializable(typeof(AwsListAliasesResponse))]
internal sealed partial class ResponseJsonContext : JsonSerializerContext;
