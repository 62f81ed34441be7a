using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>ScheduleKeyDeletion</c>: native <c>POST /api/v1/go-kms/schedulekeydeletion</c> and AWS <c>TrentService.ScheduleKeyDeletion</c>.</summary>
public sealed class ScheduleKeyDeletionOperation : KmsOperation<ScheduleKeyDeletionOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? PendingWindowInDays { get; set; }
    }

    public override string Name => "ScheduleKeyDeletion";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.ScheduleKeyDeletion(key, r.PendingWindowInDays ?? KeyLimits.DefaultPendingWindowDays, c.Aborted));

    protected override object Render(KeyReplies.Metadata m, Front f) => new { KeyId = f.Arns.Key(m.Key.KeyId), DeletionDate = f.Date(m.Key.DeletionDate), KeyState = AwsNames.Of(m.Key.KeyState), PendingWindowInDays = m.Key.PendingDeletionWindowInDays };
}
