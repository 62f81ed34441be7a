namespace Kms.Bench;

/// <summary>A scenario could not be prepared (the server refused or failed a setup call): the run stops.</summary>
public sealed class SetupException(string message) : Exception(message);
