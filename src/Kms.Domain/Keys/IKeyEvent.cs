namespace Kms.Domain.Keys;

/// <summary>A fact about one key, as journaled. Events hold key material only in wrapped form.</summary>
public interface IKeyEvent : IKmsMessage
{
    string KeyId { get; }
}
