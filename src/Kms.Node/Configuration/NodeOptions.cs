using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Kms.Node.Configuration;

/// <summary>
/// The node's settings as configured, bound from the root of .NET configuration: the go-kms variables by their
/// own names (<c>GOKMS_*</c>, kept with their meaning) and the <c>Kms</c> section (<c>appsettings.json</c>,
/// overridden by <c>Kms__Section__Name</c>). Values the go-kms variables give as text are parsed and checked by
/// the validators, so that a bad one is reported with the others instead of stopping the binder.
/// </summary>
public sealed class NodeOptions
{
    [ConfigurationKeyName("GOKMS_KSMC_PATH")]
    public string? DataDirectory { get; set; }

    [ConfigurationKeyName("GOKMS_KSMC_PASSPHRASE")]
    public string? Passphrase { get; set; }

    [ConfigurationKeyName("GOKMS_CRYPTO_PROVIDER")]
    public string? CryptoProvider { get; set; }

    [ConfigurationKeyName("GOKMS_HOST")]
    public string? Host { get; set; }

    [ConfigurationKeyName("GOKMS_PORT")]
    public string? Port { get; set; }

    [ConfigurationKeyName("GOKMS_AUTH_KEY")]
    public string? AuthKeyPath { get; set; }

    [ConfigurationKeyName("GOKMS_SSL_CERT")]
    public string? CertificatePath { get; set; }

    [ConfigurationKeyName("GOKMS_SSL_KEY")]
    public string? CertificateKeyPath { get; set; }

    [ConfigurationKeyName("GOKMS_HSM_LIB")]
    public string? HsmLibrary { get; set; }

    [ConfigurationKeyName("GOKMS_HSM_SLOT")]
    public string? HsmSlot { get; set; }

    [ConfigurationKeyName("GOKMS_HSM_SLOT_PIN")]
    public string? HsmPin { get; set; }

    [ConfigurationKeyName("GOKMS_HSM_AES_KEYID")]
    public string? HsmKeyLabel { get; set; }

    public KmsOptions Kms { get; set; } = new();

    /// <summary>The crypto provider in the form it is compared in: trimmed, lower case, <c>gokms</c> when unset.</summary>
    public string Provider => (CryptoProvider ?? "gokms").Trim().ToLowerInvariant();

    public bool UsesHsm => Provider == "hsm";

    public bool IsMultiNode => Kms.Cluster.SeedNodeAddresses.Count > 0;

    /// <summary>The go-kms shared key is needed unless a principals file replaces it.</summary>
    public bool NeedsAuthKey => string.IsNullOrEmpty(Kms.Auth.PrincipalsFile) || !string.IsNullOrEmpty(AuthKeyPath);

    public static bool IsSet([NotNullWhen(true)] string? value) => !string.IsNullOrWhiteSpace(value);
}
