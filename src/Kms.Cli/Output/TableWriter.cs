using System.Globalization;
using System.Text.Json.Nodes;

namespace Kms.Cli.Output;

/// <summary>Plain-text tables: columns padded to their widest cell, two spaces apart, no trailing spaces.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in rows) WriteRow(output, row, widths);
    }

    /// <summary>One object as name/value lines; nested arrays are joined, absent and null values left out.</summary>
    public static void WriteFields(TextWriter output, JsonObject fields)
    {
        var rows = fields.Where(f => f.Value is not null).Select(f => (IReadOnlyList<string>)[f.Key, Text(f.Value)]).ToList();
        var width = rows.Count == 0 ? 0 : rows.Max(r => r[0].Length);
        foreach (var row in rows) output.WriteLine((row[0].PadRight(width) + "  " + row[1]).TrimEnd());
    }

    public static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonArray array => string.Join(", ", array.Select(Text)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => value.ToJsonString(),
    };

    /// <summary>An RFC 3339 date to the second, for narrow columns; anything else unchanged.</summary>
    public static string Date(JsonNode? value)
    {
        var text = Text(value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
