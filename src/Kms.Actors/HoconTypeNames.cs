namespace Kms.Actors;

/// <summary>How HOCON names a class of ours (plugins, serializers, mailboxes): full name and assembly, no version.</summary>
internal static class HoconTypeNames
{
    public static string AssemblyQualifiedNameWithoutVersion(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
