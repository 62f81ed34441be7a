namespace Kms.Actors.Catalog;

/// <summary>Registry marker for this node's <see cref="KeyCatalogActor"/>.</summary>
public sealed class KeyCatalog;
