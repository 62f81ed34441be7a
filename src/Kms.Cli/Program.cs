using System.Collections;
using System.Security.Cryptography;
using Kms.Cli.Commands;
using Kms.Cli.Connection;
using Kms.Cli.Envelope;
using Kms.Cli.Output;

namespace Kms.Cli;

/// <summary>The <c>kms</c> tool. <see cref="Run"/> is the whole program, callable in-process with any streams.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        // The first Ctrl+C lets a running command clean up (decrypt-file removes its partial output); a second one kills.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables()) variables[(string)entry.Key] = (string?)entry.Value;
        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        return await Run(args, stdin, stdout, Console.Error, variables, Directory.GetCurrentDirectory(), !Console.IsErrorRedirected, interrupt.Token,
            stdoutIsTerminal: !Console.IsOutputRedirected);
    }

    /// <summary>
    /// Runs one command. <paramref name="workingDirectory"/> (default: the process's) is where relative paths and the
    /// default <c>.kms-dev</c> directory are looked up; a progress bar goes to <paramref name="stderr"/> only when
    /// <paramref name="stderrIsTerminal"/>, and tables are styled and fitted to the terminal only when <paramref name="stdoutIsTerminal"/>.
    /// </summary>
    public static async Task<int> Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr, IDictionary<string, string?> env,
        string? workingDirectory = null, bool stderrIsTerminal = false, CancellationToken cancellation = default, bool stdoutIsTerminal = false)
    {
        var environment = new CliEnvironment(stdin, stderr, env, workingDirectory ?? Directory.GetCurrentDirectory(), stderrIsTerminal, stdoutIsTerminal);
        var output = new StdoutText(stdout);
        try
        {
            return await CommandLine.Execute(args, environment, output, cancellation);
        }
        catch (UsageException e)
        {
            return Fail(stderr, ExitCode.UsageError, e.Message);
        }
        catch (ServiceException e)
        {
            return Fail(stderr, ExitCode.ServiceError, $"{e.Type}: {e.Message}");
        }
        catch (ConnectionException e)
        {
            return Fail(stderr, ExitCode.ConnectionError, e.Message);
        }
        catch (IntegrityException e)
        {
            return Fail(stderr, ExitCode.IntegrityFailure, "integrity check failed: " + e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Fail(stderr, ExitCode.Interrupted, "interrupted");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ExitCode.ServiceError, e.Message);
        }
        catch (CryptographicException e)
        {
            return Fail(stderr, ExitCode.ServiceError, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in kms, not the service's answer; still one line and a failing exit code rather than a crash.
            return Fail(stderr, ExitCode.ServiceError, $"internal error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await output.FlushAsync();
        }
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("kms: " + message.ReplaceLineEndings(" "));
        stderr.Flush();
        return code;
    }
}
