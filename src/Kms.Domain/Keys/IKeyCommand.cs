namespace Kms.Domain.Keys;

/// <summary>A command for one key; sharding routes it by <see cref="KeyId"/> to that key's actor.</summary>
public interface IKeyCommand : IKmsMessage
{
    string KeyId { get; }
}
