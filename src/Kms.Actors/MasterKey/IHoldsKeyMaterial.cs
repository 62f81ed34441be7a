namespace Kms.Actors.MasterKey;

/// <summary>
/// A local message that carries unwrapped key material. Should it reach no one (its asker timed out or stopped), the
/// <see cref="UndeliveredMaterialWiper"/> wipes the material instead of leaving it in memory until it is collected.
/// </summary>
public interface IHoldsKeyMaterial
{
    void WipeMaterial();
}
