using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>The go-kms variables: the files a node needs, the crypto provider, the passphrase and the port.</summary>
public sealed class GoKmsOptionsValidator : IValidateOptions<NodeOptions>
{
    public const int MinimumPassphraseLength = 10;

    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var problems = new List<string>();
        if (!NodeOptions.IsSet(options.DataDirectory)) problems.Add("GOKMS_KSMC_PATH is not set.");
        if (options.Provider is not ("gokms" or "hsm")) problems.Add($"GOKMS_CRYPTO_PROVIDER must be gokms or hsm, not '{options.Provider}'.");
        // HSM mode needs no passphrase; one given anyway only matters for migrating from software keys.
        if (!options.UsesHsm)
        {
            if (string.IsNullOrEmpty(options.Passphrase)) problems.Add("GOKMS_KSMC_PASSPHRASE is not set.");
            else if (options.Passphrase.Length < MinimumPassphraseLength) problems.Add($"GOKMS_KSMC_PASSPHRASE must be at least {MinimumPassphraseLength} characters.");
        }
        if (ParsePort(options.Port) is null) problems.Add($"GOKMS_PORT '{options.Port}' is not a port number.");
        if (options.NeedsAuthKey) RequireFile("GOKMS_AUTH_KEY", options.AuthKeyPath, problems);
        RequireFile("GOKMS_SSL_CERT", options.CertificatePath, problems);
        RequireFile("GOKMS_SSL_KEY", options.CertificateKeyPath, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The port, 8011 when unset; null when it is not a port number.</summary>
    public static int? ParsePort(string? text) =>
        int.TryParse(text ?? "8011", out var port) && port is >= 0 and <= 65535 ? port : null;

    private static void RequireFile(string name, string? path, List<string> problems)
    {
        if (!NodeOptions.IsSet(path)) problems.Add($"{name} is not set.");
        else if (!File.Exists(path)) problems.Add($"{name}: no file at {path}.");
    }
}
