namespace Kms.Cli.Envelope;

/// <summary>An encrypted file is not what <c>encrypt-file</c> wrote (tampered, truncated, reordered, extended); exit code 4.</summary>
internal sealed class IntegrityException(string message) : Exception(message);
