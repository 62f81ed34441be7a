using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Support;

/// <summary>Keeps every line the node logs, exception included, for a test to search.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The lines logged at Error or above.</summary>
    public ConcurrentQueue<string> ErrorLines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception) + (exception is null ? "" : " " + exception);
            owner.Lines.Enqueue(line);
            if (logLevel >= LogLevel.Error) owner.ErrorLines.Enqueue(line);
        }
    }
}
