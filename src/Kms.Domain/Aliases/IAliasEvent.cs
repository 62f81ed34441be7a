namespace Kms.Domain.Aliases;

/// <summary>A fact about one alias, as journaled.</summary>
public interface IAliasEvent : IKmsMessage
{
    string AliasName { get; }
}
