using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>The warm-up holds readiness back: it must end, and soon.</summary>
public sealed class WarmUpOptionsValidator : IValidateOptions<NodeOptions>
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var warmUp = options.Kms.WarmUp;
        return !warmUp.Enabled || (warmUp.MaxDuration > TimeSpan.Zero && warmUp.MaxDuration <= Limit)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Kms__WarmUp__MaxDuration must be positive and at most {Limit:c} (or Kms__WarmUp__Enabled=false).");
    }
}
