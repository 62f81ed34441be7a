using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GetKeyRotationStatus</c>: native <c>POST /api/v1/go-kms/getkeyrotationstatus</c> and AWS <c>TrentService.GetKeyRotationStatus</c>.</summary>
public sealed class GetKeyRotationStatusOperation : KmsOperation<GetKeyRotationStatusOperation.Request, KeyReplies.RotationStatus>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "GetKeyRotationStatus";

    protected override Role Allowed => Role.Read;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.RotationStatus>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.GetKeyRotationStatus(key, c.Aborted));

    protected override object Render(KeyReplies.RotationStatus s, Front f) => new { KeyRotationEnabled = s.Enabled, KeyId = f.Arns.Key(s.KeyId), s.RotationPeriodInDays, NextRotationDate = f.Date(s.NextRotationDate) };
}
