using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kms.Cli.Output;

/// <summary>
/// Tables drawn by Spectre.Console without borders: columns two spaces apart, one row a line. On a terminal the headers
/// are bold and long cells wrap to its width; otherwise (a pipe, a file, a test) the text is plain, never wrapped, and
/// has no trailing spaces, so scripts can read it a line at a time.
/// </summary>
internal static class TableWriter
{
    private const int UnwrappedWidth = 100_000;

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, bool terminal)
    {
        var table = NewTable();
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header, terminal ? new Style(decoration: Decoration.Bold) : Style.Plain)));
        foreach (var row in rows) table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
        Render(output, table, terminal);
    }

    /// <summary>One object as name/value lines; nested arrays are joined, absent and null values left out.</summary>
    public static void WriteFields(TextWriter output, JsonObject fields, bool terminal)
    {
        var table = NewTable().HideHeaders();
        table.AddColumn(new TableColumn(""));
        table.AddColumn(new TableColumn(""));
        foreach (var (name, value) in fields)
            if (value is not null) table.AddRow(new Text(name, terminal ? new Style(decoration: Decoration.Bold) : Style.Plain), new Text(Text(value)));
        Render(output, table, terminal);
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

    private static Table NewTable() => new() { Border = TableBorder.None, ShowHeaders = true };

    private static void Render(TextWriter output, Table table, bool terminal)
    {
        for (var i = 0; i < table.Columns.Count; i++) table.Columns[i].Padding = new Padding(0, 0, i == table.Columns.Count - 1 ? 0 : 2, 0);
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = terminal ? TerminalWidth() : UnwrappedWidth;
        console.Write(table);
        foreach (var line in text.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')) output.WriteLine(line.TrimEnd());
    }

    private static int TerminalWidth()
    {
        try
        {
            return Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
