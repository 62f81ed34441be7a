namespace Kms.Domain.Keys;

/// <summary>New key ids in the text form that commands and events carry.</summary>
public static class KeyIds
{
    public static string New() => KeyId.New().ToString();
}
