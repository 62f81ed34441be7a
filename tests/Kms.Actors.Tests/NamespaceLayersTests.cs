using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Kms.Actors.Tests;

/// <summary>
/// The namespaces of Kms.Actors depend one way (docs/architecture.md): each on the layers below it only, never on
/// its own layer's other namespaces or on a layer above. Read from the compiled code (signatures, base types and
/// method bodies), so a fully qualified name counts as much as a using line; a constant, which the compiler copies
/// into its user, is the one reference this cannot see.
/// </summary>
public sealed class NamespaceLayersTests
{
    /// <summary>Bottom first.</summary>
    private static readonly string[][] Layers =
    [
        ["Kms.Actors", "Kms.Actors.Observability"],
        ["Kms.Actors.Crypto"],
        ["Kms.Actors.MasterKey"],
        ["Kms.Actors.Persistence"],
        ["Kms.Actors.Leases"],
        ["Kms.Actors.Keys", "Kms.Actors.Aliases"],
        ["Kms.Actors.Catalog"],
        ["Kms.Actors.Operations"],
        ["Kms.Actors.Serialization"],
    ];

    private static readonly Architecture Actors = new ArchLoader().LoadAssemblies(typeof(KmsMetrics).Assembly).Build();

    [Fact]
    public void Every_namespace_of_Kms_Actors_has_a_layer()
    {
        var placed = Layers.SelectMany(l => l).ToHashSet();
        var unplaced = Actors.Types.Select(NamespaceOf).Where(IsOurs).Distinct().Where(n => !placed.Contains(n)).ToList();
        Assert.True(unplaced.Count == 0, "Namespaces with no layer: " + string.Join(", ", unplaced));
    }

    [Fact]
    public void Namespaces_reference_only_the_layers_below_them()
    {
        var wrong = Actors.Types
            .Where(t => IsOurs(NamespaceOf(t)))
            .SelectMany(t => t.Dependencies.Select(d => (From: t, To: d.Target)))
            .Where(d => IsOurs(NamespaceOf(d.To)) && !Allowed(NamespaceOf(d.From), NamespaceOf(d.To)))
            .Select(d => $"{d.From.FullName} -> {d.To.FullName}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(wrong.Count == 0, "References against the layers:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void A_reference_made_only_in_a_method_body_counts()
    {
        // The key actor names KeyChanged nowhere but in the body of the method that publishes it.
        var keyActor = Actors.Types.Single(t => t.FullName == "Kms.Actors.Keys.KeyEntityActor");
        Assert.Contains(keyActor.Dependencies, d => d.Target.FullName == "Kms.Actors.Keys.KeyChanged");
    }

    [Theory]
    [InlineData("Kms.Actors.Keys", "Kms.Actors.Catalog")]
    [InlineData("Kms.Actors.Keys", "Kms.Actors.Aliases")]
    [InlineData("Kms.Actors.Persistence", "Kms.Actors.Serialization")]
    [InlineData("Kms.Actors.Crypto", "Kms.Actors.MasterKey")]
    [InlineData("Kms.Actors.Leases", "Kms.Actors.Keys")]
    public void A_namespace_may_not_reference_its_own_layer_or_one_above(string from, string to) => Assert.False(Allowed(from, to));

    private static bool Allowed(string from, string to)
    {
        if (from == to) return true;
        var fromLayer = Array.FindIndex(Layers, l => l.Contains(from));
        var toLayer = Array.FindIndex(Layers, l => l.Contains(to));
        return toLayer >= 0 && toLayer < fromLayer;
    }

    private static bool IsOurs(string ns) => ns == "Kms.Actors" || ns.StartsWith("Kms.Actors.", StringComparison.Ordinal);

    /// <summary>A nested type (a closure, a state machine, a protocol record) belongs to its outermost type's namespace.</summary>
    private static string NamespaceOf(IType type)
    {
        var outer = type.FullName.Split('+')[0];
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? "" : outer[..dot];
    }
}
