using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kms.Cli.Output;

/// <summary>JSON for scripts: indented, one document per command, ending with a newline.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, JsonNode document) => output.WriteLine(Text(document));

    public static string Text(JsonNode document) => document.ToJsonString(Options);
}
