namespace Kms.Domain.Keys;

/// <summary>How a key version came to be: <c>AUTOMATIC</c> or <c>ON_DEMAND</c> in AWS terms.</summary>
public enum RotationType
{
    Automatic,
    OnDemand,
}
