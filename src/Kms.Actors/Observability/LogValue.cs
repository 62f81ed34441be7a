using System.Text;

namespace Kms.Actors.Observability;

/// <summary>
/// Makes a value the caller chose (a key id, an alias, a path, a header) safe to put in a log line: control
/// characters and line separators become escapes (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\u001b</c>) and a backslash
/// is doubled, so a newline in a key id cannot start a forged log line and an escape cannot pass for one. A value
/// with nothing to escape, the usual case, is returned as it is, without a copy.
/// </summary>
public static class LogValue
{
    public static string Escape(string? value)
    {
        if (value is null) return "";
        var first = value.AsSpan().IndexOfAny(Escaped);
        if (first < 0) return value;
        var text = new StringBuilder(value.Length + 16).Append(value, 0, first);
        foreach (var c in value.AsSpan(first))
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                default:
                    if (NeedsEscape(c)) text.Append(@"\u").Append(((int)c).ToString("x4"));
                    else text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => c == '\\' || NeedsEscape(c)).ToArray());
}
