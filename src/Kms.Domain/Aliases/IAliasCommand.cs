namespace Kms.Domain.Aliases;

/// <summary>A command for one alias; sharding routes it by <see cref="AliasName"/>, so one alias name has one writer.</summary>
public interface IAliasCommand : IKmsMessage
{
    string AliasName { get; }
}
