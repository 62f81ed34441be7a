using System.Text;
using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Connection;
using Kms.Cli.Output;

namespace Kms.Cli.Commands;

/// <summary>One run of a command: its arguments, its environment, its output, and a client made on first use.</summary>
internal sealed class Invocation(ParsedArguments args, CliEnvironment env, StdoutText stdout, OutputFormat format, CancellationToken cancellation) : IDisposable
{
    private KmsConnection? _client;

    public ParsedArguments Args => args;
    public CliEnvironment Env => env;
    public TextWriter Out => stdout.Writer;
    public OutputFormat Format => format;
    public CancellationToken Cancellation => cancellation;

    public KmsConnection Client => _client ??= new KmsConnection(ConnectionSettings.Resolve(args, env));

    public string Parameter(int index) => args.Positionals[index];

    public Task<JsonObject> Call(string operation, JsonObject body) => Client.Call(operation, body, cancellation);

    /// <summary>The service's answer as JSON for <c>--output json</c>, else as a table.</summary>
    public void Show(JsonObject response, Action<TextWriter> table)
    {
        if (format == OutputFormat.Json) JsonOutput.Write(Out, response);
        else table(Out);
    }

    /// <summary>
    /// A binary result to <c>--out</c> or stdout: raw bytes, base64 text when <paramref name="base64"/>, or the
    /// service's answer with <c>--output json</c>.
    /// </summary>
    public Task WriteBinary(byte[] value, JsonObject response, bool secret, bool base64)
    {
        var bytes = format == OutputFormat.Json ? Encoding.UTF8.GetBytes(JsonOutput.Text(response) + "\n")
            : base64 ? Encoding.ASCII.GetBytes(Convert.ToBase64String(value) + "\n")
            : value;
        return BinaryOutput.Write(env, stdout, args.Value("out"), bytes, secret, cancellation);
    }

    /// <summary>Input from <c>--in</c> or stdin; with <c>--base64</c> it is base64 text.</summary>
    public async Task<byte[]> ReadInput(int maxBytes, string tooLargeAdvice, bool base64)
    {
        var raw = await BinaryInput.ReadAll(env, args.Value("in"), base64 ? maxBytes * 4 / 3 + 1024 : maxBytes, tooLargeAdvice, cancellation);
        if (!base64) return raw;
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(raw).Trim());
        }
        catch (FormatException)
        {
            throw new UsageException("the input is not base64 text (leave out --base64 for raw bytes).");
        }
    }

    public static string Base64(JsonObject response, string field) =>
        response[field]?.GetValue<string>() ?? throw new ServiceException("InvalidResponse", $"The answer has no {field}.");

    public void Dispose() => _client?.Dispose();
}
