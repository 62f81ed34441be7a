using Kms.Actors.Operations;
using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GenerateRandom</c>: native <c>POST /api/v1/go-kms/generaterandom</c> and AWS <c>TrentService.GenerateRandom</c>.</summary>
public sealed class GenerateRandomOperation : KmsOperation<GenerateRandomOperation.Request, KeyReplies.RandomBytes>
{
    public sealed class Request
    {
        public int? NumberOfBytes { get; set; }
    }

    public override string Name => "GenerateRandom";

    protected override Role Allowed => Role.Crypto;

    protected override Task<Result<KeyReplies.RandomBytes>> Run(OperationContext c, Request r) =>
        Task.FromResult(KeyOperations.GenerateRandom(r.NumberOfBytes));

    protected internal override object Render(KeyReplies.RandomBytes b, Front f) => new CryptoResponses.GenerateRandomResponse(b.Plaintext);

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<CryptoResponses.GenerateRandomResponse>();
}
