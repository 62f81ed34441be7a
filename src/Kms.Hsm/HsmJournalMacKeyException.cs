namespace Kms.Hsm;

/// <summary>
/// The token did not derive the journal MAC key deterministically (another IV than the fixed one, or two derivations
/// that differ): rows sealed now could not be verified later, so the node must not start.
/// </summary>
public sealed class HsmJournalMacKeyException(string message) : HsmException(message);
