using Kms.Node.Configuration;

namespace Kms.Node.Hosting;

/// <summary>Tells a developer where the dev-mode KMS listens and how to call it. Prints paths, never secrets.</summary>
public static class DevBanner
{
    public static void Print(NodeSettings settings, ICollection<string> addresses)
    {
        var url = addresses.FirstOrDefault()?.Replace("127.0.0.1", "localhost") ?? $"https://localhost:{settings.Port}";
        Console.WriteLine($$"""

            Kms is running in development mode (do not use it in production).
              API:          {{url}}/api/v1/go-kms/
              Auth key:     {{settings.AuthKeyPath}}
              CA cert:      {{settings.CertificatePath}}
              Data:         {{settings.DataDirectory}}

            Try it (from the repository root, in another shell):
              dotnet run --project src/Kms.Cli -- keys create -d "my first key"
              dotnet run --project src/Kms.Cli -- keys list
            or with curl:
              export KMS_URL={{url}} KMS_AUTH_KEY_FILE={{settings.AuthKeyPath}} KMS_CA_CERT={{settings.CertificatePath}}
              scripts/gokms-call.sh listkeys
            API reference: {{url}}/openapi   metrics: {{url}}/metrics

            go-kms CLI: GOKMSCLI_URL={{url}} GOKMSCLI_AUTHKEY="$(cat {{settings.AuthKeyPath}})" GOKMSCLI_IGNORE_BAD_TLS_CERT=true

            """);
    }
}
