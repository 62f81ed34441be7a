using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GenerateDataKey</c>: native <c>POST /api/v1/go-kms/generatedatakey</c> and AWS <c>TrentService.GenerateDataKey</c>.</summary>
public sealed class GenerateDataKeyOperation : KmsOperation<GenerateDataKeyOperation.Request, KeyReplies.DataKey>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? NumberOfBytes { get; set; }
        public string? KeySpec { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public override string Name => "GenerateDataKey";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.DataKey>> Run(OperationContext c, Request r) =>
        AwsNames.ParseDataKeySize(r.KeySpec, r.NumberOfBytes, out var size) is { } invalid
            ? Task.FromResult<Result<KeyReplies.DataKey>>(invalid)
            : c.WithKey(r.KeyId, key => c.Keys.GenerateDataKey(key, size, r.EncryptionContext, c.Aborted));

    protected internal override object Render(KeyReplies.DataKey d, Front f) => f.IsAws
        ? new CryptoResponses.AwsGenerateDataKeyResponse(d.CiphertextBlob, d.Plaintext, f.Arns.Key(d.KeyId))
        : new CryptoResponses.NativeGenerateDataKeyResponse(d.Plaintext, d.CiphertextBlob);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<CryptoResponses.NativeGenerateDataKeyResponse, CryptoResponses.AwsGenerateDataKeyResponse>();
}
