using System.Diagnostics.CodeAnalysis;

namespace Kms.Domain.Keys;

/// <summary>
/// A key's id: a lower-case UUID, as in AWS KMS and go-kms. Only <see cref="TryParse"/> and <see cref="New"/> make one,
/// so code that holds a <see cref="KeyId"/> need not check it again. Commands, events and replies keep the id's text
/// (<see cref="ToString"/>), which is their persisted and wire form.
/// </summary>
public sealed record KeyId
{
    private readonly string _value;

    private KeyId(string value) => _value = value;

    public static KeyId New() => new(Guid.NewGuid().ToString("D"));

    /// <summary>True for a well-formed key id; upper-case letters, braces and other UUID spellings are not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out KeyId? keyId)
    {
        keyId = text is { Length: 36 } && Guid.TryParseExact(text, "D", out _) && !text.AsSpan().ContainsAnyInRange('A', 'Z')
            ? new KeyId(text)
            : null;
        return keyId is not null;
    }

    public override string ToString() => _value;
}
