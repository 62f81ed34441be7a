using System.Diagnostics;
using System.Text;

namespace Kms.Node.Tests.Support;

/// <summary>The real node as its own process (<c>dotnet Kms.Node.dll</c>), so a test can kill it abruptly.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, NodeFiles files, int port)
    {
        _process = process;
        Files = files;
        Address = new Uri($"https://127.0.0.1:{port}");
    }

    public NodeFiles Files { get; }
    public Uri Address { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static NodeProcess Launch(NodeFiles files, int port, string? passphrase = null, IDictionary<string, string>? environment = null,
        IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kms.Node.dll"));
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        foreach (var (key, value) in files.Settings(port, passphrase)) start.Environment[key] = value;
        start.Environment["Kms__Keys__CatalogRefreshInterval"] = "00:00:00.500";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the node.");
        var node = new NodeProcess(process, files, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public static async Task<NodeProcess> Start(NodeFiles files, int port, IDictionary<string, string>? environment = null)
    {
        var node = Launch(files, port, environment: environment);
        await node.WaitUntilReady();
        return node;
    }

    public GoKmsClient Client() => new(Address, Files.AuthKey, Files.Certificate);

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a service.</summary>
    public async Task Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        await WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// SIGSTOP: the process answers nothing more (HTTP, remoting, heartbeats) yet closes no connection, as a node
    /// cut off by the network; returns once the kernel reports it stopped.
    /// </summary>
    public async Task Suspend()
    {
        await Signal("STOP");
        await Eventually.Until(() => Task.FromResult(File.ReadAllText($"/proc/{_process.Id}/stat")), stat => stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T'),
            "the node is stopped");
    }

    /// <summary>SIGCONT: a suspended node runs again.</summary>
    public Task Resume() => Signal("CONT");

    private async Task Signal(string name)
    {
        using var signal = Process.Start("kill", [$"-{name}", _process.Id.ToString()]);
        await signal.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async Task WaitUntilReady()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The node exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.Http.GetAsync("/healthz/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The node did not become ready in 60 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await Kill();
        _process.Dispose();
    }
}
