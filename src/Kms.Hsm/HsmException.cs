namespace Kms.Hsm;

/// <summary>The HSM cannot be used; the message says which setting or condition, never a PIN or key.</summary>
public class HsmException(string message, Exception? inner = null) : Exception(message, inner);
