using System.Globalization;

namespace Kms.Gateway.Auth;

/// <summary>Parses the <c>x-kms-date</c> header: RFC 1123 in UTC, as Go writes it (<c>UTC</c>) or as HTTP does (<c>GMT</c>).</summary>
public static class KmsDate
{
    private static readonly string[] Formats = ["ddd, dd MMM yyyy HH:mm:ss 'UTC'", "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'UTC'", "ddd, d MMM yyyy HH:mm:ss 'GMT'"];

    public static bool TryParse(string? value, out DateTimeOffset date)
    {
        if (value is null)
        {
            date = default;
            return false;
        }
        return DateTimeOffset.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
    }

    /// <summary>Formats a time as go-kms clients do.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
