using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GenerateDataKeyWithoutPlaintext</c>: native <c>POST /api/v1/go-kms/generatedatakeywithoutplaintext</c> and AWS <c>TrentService.GenerateDataKeyWithoutPlaintext</c>.</summary>
public sealed class GenerateDataKeyWithoutPlaintextOperation : KmsOperation<GenerateDataKeyWithoutPlaintextOperation.Request, KeyReplies.DataKey>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? NumberOfBytes { get; set; }
        public string? KeySpec { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public override string Name => "GenerateDataKeyWithoutPlaintext";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.DataKey>> Run(OperationContext c, Request r) =>
        AwsNames.ParseDataKeySize(r.KeySpec, r.NumberOfBytes, out var size) is { } invalid
            ? Task.FromResult<Result<KeyReplies.DataKey>>(invalid)
            : c.WithKey(r.KeyId, key => c.Keys.GenerateDataKey(key, size, r.EncryptionContext, c.Aborted));

    protected internal override object Render(KeyReplies.DataKey d, Front f) => new CryptoResponses.GenerateDataKeyWithoutPlaintextResponse(d.CiphertextBlob, f.Arns.Key(d.KeyId));

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<CryptoResponses.GenerateDataKeyWithoutPlaintextResponse>();
}
