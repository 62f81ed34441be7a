namespace Kms.Testing;

/// <summary>Waits for what the node does on its own schedule (the catalog wakes due keys every refresh), with a deadline.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Calls <paramref name="probe"/> every 200 ms until <paramref name="done"/> holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(200);
        }
    }
}
