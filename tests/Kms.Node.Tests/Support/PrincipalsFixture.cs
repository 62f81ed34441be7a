using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Support;

/// <summary>
/// One node whose principals file holds an admin, a crypto and a read principal (SigV4 credentials and
/// shared keys) and a crypto principal restricted to <c>alias/app-*</c>.
/// </summary>
public sealed class PrincipalsFixture : IAsyncLifetime
{
    public const string AdminKey = "AKIAADMIN0000000001", AdminSecret = "admin-secret-0123456789abcdefghijklmnop";
    public const string CryptoKey = "AKIACRYPTO000000001", CryptoSecret = "crypto-secret-0123456789abcdefghijklmno";
    public const string ReadKey = "AKIAREAD00000000001", ReadSecret = "read-secret-0123456789abcdefghijklmnopq";
    public const string AppKey = "AKIAAPP000000000001", AppSecret = "app-secret-0123456789abcdefghijklmnopqr";
    public const string AppReaderKey = "AKIAAPPREAD00000001", AppReaderSecret = "app-reader-secret-0123456789abcdefghij";
    public const string AdminSharedKey = "admin-shared-key-for-the-native-protocol";
    public const string ReadSharedKey = "read-shared-key-for-the-native-protocol";

    private readonly TestDirectory _directory = new();

    public InProcessNode Node { get; private set; } = null!;

    /// <summary>Services the node is started with, replacing its own (see <see cref="InProcessNode.Start"/>).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    public string PrincipalsPath => Path.Combine(_directory.Path, "principals.json");

    public static object Document(params object[] principals) => new { principals };

    public static object AdminPrincipal => new { name = "ops", role = "admin", sharedKey = AdminSharedKey, accessKeyId = AdminKey, secretAccessKey = AdminSecret };

    public async Task InitializeAsync()
    {
        WritePrincipals(Document(
            AdminPrincipal,
            new { name = "app", role = "crypto", accessKeyId = CryptoKey, secretAccessKey = CryptoSecret },
            new { name = "auditor", role = "read", sharedKey = ReadSharedKey, accessKeyId = ReadKey, secretAccessKey = ReadSecret },
            new { name = "app-limited", role = "crypto", accessKeyId = AppKey, secretAccessKey = AppSecret, keys = new[] { "alias/app-*" } },
            new { name = "app-reader", role = "read", accessKeyId = AppReaderKey, secretAccessKey = AppReaderSecret, keys = new[] { "alias/app-*" } }));
        Node = await InProcessNode.Start(new NodeFiles(_directory.Path), new Dictionary<string, string?> { ["Kms:Auth:PrincipalsFile"] = PrincipalsPath },
            services: Services);
    }

    /// <summary>Writes the principals file owner-only, as the node requires.</summary>
    public void WritePrincipals(object document, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var temporary = PrincipalsPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, PrincipalsPath, overwrite: true);
    }

    public GoKmsClient NativeClient(string sharedKey) => new(Node.Address, sharedKey, Node.Files.Certificate);

    public AwsClient Aws(string accessKeyId, string secret) => new(Node.Address, accessKeyId, secret, Node.Files.Certificate);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _directory.Dispose();
    }
}
