using System.Text.Json.Nodes;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Keys;

/// <summary>A key's metadata for people: one field a line, in the order the service gives them.</summary>
internal static class KeyMetadataView
{
    public static void Write(TextWriter output, JsonObject response, bool terminal) =>
        TableWriter.WriteFields(output, response["KeyMetadata"] as JsonObject ?? response, terminal);
}
