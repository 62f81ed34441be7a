namespace Kms.Cli;

/// <summary>What <c>kms</c> exits with; scripts rely on these, so they never change meaning.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int ServiceError = 1;
    public const int UsageError = 2;
    public const int ConnectionError = 3;
    public const int IntegrityFailure = 4;
    public const int Interrupted = 130;
}
