using Microsoft.Extensions.Logging;
using ZLogger;

namespace Kms.Node.Hosting;

/// <summary>
/// The node's console log: one line per entry, <c>info: Category[event] message</c>, written by ZLogger.
/// It formats each entry into a UTF-8 buffer on the calling thread and leaves the writing to one background
/// writer that puts many lines into each write to standard output. The framework's console logger wakes its
/// writer thread and writes once per line, which cost about a third of a hot request.
/// Levels and filters still come from the <c>Logging</c> configuration section.
/// </summary>
public static class NodeLogging
{
    public static ILoggingBuilder AddNodeConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        return logging.AddZLoggerConsole(console =>
        {
            console.UsePlainTextFormatter(text =>
            {
                text.SetPrefixFormatter($"{0}: {1}[{2}] ",
                    (in MessageTemplate template, in LogInfo info) => template.Format(Level(info.LogLevel), info.Category.Name, info.EventId.Id));
                text.SetExceptionFormatter((writer, exception) => Utf8StringInterpolation.Utf8String.Format(writer, $"{Environment.NewLine}{exception}"));
            });
        });
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
