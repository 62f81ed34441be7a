using Kms.Actors.Observability;
using Microsoft.Extensions.Logging;

namespace Kms.Gateway.Auth;

/// <summary>
/// The principals in force. From a principals file it reloads on change without a restart; a broken
/// file keeps the last good set, so a typo is no outage, but loudly: an error line and a count in
/// <c>kms_principals_reload_failures_total</c> at once, and again every <see cref="RepeatFailureEvery"/> while
/// it stays broken (each time after trying the file again: a <c>chmod</c> changes no modification time).
/// Without a file, the go-kms shared key is one admin.
/// </summary>
public sealed class PrincipalStore : IDisposable
{
    public static readonly TimeSpan RepeatFailureEvery = TimeSpan.FromMinutes(1);

    private readonly string? _path;
    private volatile ILogger? _log;
    private readonly Timer? _timer;
    private readonly TimeProvider _clock;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyList<Principal> _principals;
    private (DateTime Written, long Length) _seen;
    private DateTimeOffset? _failingSince, _lastFailure;

    private PrincipalStore(IReadOnlyList<Principal> principals, string? path, ILogger? log, TimeSpan pollInterval, TimeProvider? clock)
    {
        _principals = principals;
        _path = path;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        if (path is null) return;
        _seen = Stamp(path);
        _timer = new Timer(_ => Reload(), null, pollInterval, pollInterval);
    }

    public IReadOnlyList<Principal> Current => _principals;

    /// <summary>The go-kms way: the key in <c>GOKMS_AUTH_KEY</c> is a single admin on the native protocol.</summary>
    public static PrincipalStore FromSharedKey(byte[] sharedKey) =>
        new([new Principal("default", Role.Admin, sharedKey, null, null, null)], null, null, Timeout.InfiniteTimeSpan, null);

    /// <summary>
    /// Loads the file now (throwing <see cref="InvalidDataException"/> if it is unusable) and watches it. Reloads
    /// are logged to <paramref name="log"/>, or, when it is null, to the log given later to <see cref="LogTo"/>.
    /// </summary>
    public static PrincipalStore FromFile(string path, ILogger? log, TimeSpan? pollInterval = null, TimeProvider? clock = null) =>
        new(PrincipalsFile.Load(path), path, log, pollInterval ?? TimeSpan.FromSeconds(1), clock);

    /// <summary>Whether the file, as it now is, could not be used (the last good principals are in force).</summary>
    public bool IsFailing => _failingSince is not null;

    /// <summary>
    /// Logs later reloads to <paramref name="log"/>. The node loads its principals before its host exists, so that
    /// a bad file stops start-up, and gives the store the host's log once it is built: one console writer, not two.
    /// </summary>
    public void LogTo(ILogger log) => _log = log;

    public Principal? ByAccessKeyId(string accessKeyId) =>
        _principals.FirstOrDefault(p => p.AccessKeyId is not null && string.Equals(p.AccessKeyId, accessKeyId, StringComparison.Ordinal));

    /// <summary>Polled, rather than only watched, because file-change notifications are not reliable on every file system.</summary>
    public void Reload()
    {
        if (_path is null) return;
        lock (_reloading)
        {
            var now = _clock.GetUtcNow();
            try
            {
                var stamp = Stamp(_path);
                var retry = _lastFailure is { } last && now - last >= RepeatFailureEvery;
                if (stamp == _seen && !retry) return;
                _seen = stamp;
                _principals = PrincipalsFile.Load(_path);
                _failingSince = _lastFailure = null;
                _log?.LogInformation("Reloaded {Count} principals from {Path}", _principals.Count, _path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _failingSince ??= now;
                _lastFailure = now;
                Observability.AuthenticationMetrics.PrincipalsReloadFailed();
                _log?.LogError("The principals file {Path} could not be used; keeping the last good principals (since {Since:u}, retried every minute): {Reason}",
                    _path, _failingSince, LogValue.Escape(e.Message));
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    public void Dispose() => _timer?.Dispose();
}
