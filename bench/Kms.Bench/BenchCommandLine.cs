using System.CommandLine;

namespace Kms.Bench;

/// <summary>
/// Kms.Bench's options for System.CommandLine. Value options keep every occurrence: the repeatable ones use them all,
/// the others the last, as scripts that append an override to their defaults expect; <see cref="BenchOptions"/>
/// checks the values.
/// </summary>
public sealed class BenchCommandLine
{
    /// <summary>Response files (<c>@file</c>) are off: an argument starting with <c>@</c> is taken as written.</summary>
    public static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public BenchCommandLine()
    {
        Root = new RootCommand("Kms.Bench: load and CPU per request against nodes speaking the go-kms API. JSON lines (one per scenario) go to standard output; progress and the table to standard error.")
        {
            Url, AuthKeyFile, CaCert, Insecure, Connections, Duration, Warmup, SteadyMax, SteadyWithin, Scenario, Keys, ColdKeys, ColdWait,
            ServerPid, Slices, NoBaseline, ContentHash,
        };
    }

    public RootCommand Root { get; }

    public Option<string[]> Url { get; } = Value("--url", "URL", "base URL of a node speaking the go-kms API (required); repeatable: requests (setup and measured) go to the nodes in turn, round-robin");
    public Option<string[]> AuthKeyFile { get; } = Value("--auth-key-file", "FILE", "the shared HMAC key (one trailing newline is ignored; required)");
    public Option<string[]> CaCert { get; } = Value("--ca-cert", "FILE", "trust exactly this PEM certificate");
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "accept any server certificate" };
    public Option<string[]> Connections { get; } = Value("--connections", "N", "concurrent keep-alive connections and workers (default 32)");
    public Option<string[]> Duration { get; } = Value("--duration", "SECONDS", "measured time per scenario (default 10)");
    public Option<string[]> Warmup { get; } = Value("--warmup", "SECONDS", "unmeasured time before each measurement (default 2)");
    public Option<string[]> SteadyMax { get; } = Value("--steady-max", "SECONDS", "before a scenario sent in a loop is measured, it runs unmeasured in slices of --warmup until two slices in a row agree within --steady-within on req/s (and on server CPU per request when a --server-pid is given), for at most this long (default 30; 0 = off)");
    public Option<string[]> SteadyWithin { get; } = Value("--steady-within", "PCT", "tolerance of the steady warm-up, in percent (default 5; 0 = never steady: every slice up to --steady-max runs, to watch a node warm, bench/warmup.sh)");
    public Option<string[]> Scenario { get; } = Value("--scenario", "NAME", $"repeatable; all when none is given: {string.Join(' ', ScenarioNames.All)}");
    public Option<string[]> Keys { get; } = Value("--keys", "N", "keys for encrypt-256-spread, created in setup (default 10000)");
    public Option<string[]> ColdKeys { get; } = Value("--cold-keys", "N", "keys for cold-key, each used once (default 2000)");
    public Option<string[]> ColdWait { get; } = Value("--cold-wait", "SECONDS", "wait between creating the cold keys and using them (default 0); must exceed the node's Kms__Keys__PassivateIdleAfter");
    public Option<string[]> ServerPid { get; } = Value("--server-pid", "PID", "report the server's CPU time per request (Linux /proc); repeatable: the sum over all processes, and each one's in a second table");
    public Option<string[]> Slices { get; } = Value("--slices", "N", "the baseline and each scenario take turns, N times each, in slices of duration/N, so a ratio compares two measurements of the same stretch of time (default 5; 1 = one baseline just before each scenario)");
    public Option<bool> NoBaseline { get; } = new("--no-baseline") { Description = "skip the GET /healthz/live baseline (ratios are then null)" };
    public Option<bool> ContentHash { get; } = new("--content-hash") { Description = "sign each body's SHA-256 (x-kms-content-sha256) as the kms CLI does; without it, legacy go-kms signing (go-kms itself knows no other)" };

    /// <summary>Writes the help <c>--help</c> shows.</summary>
    public void WriteHelp(TextWriter output) => Root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = output });

    /// <summary>A stray argument or an option System.CommandLine could not read is one <see cref="UsageException"/>.</summary>
    public static void ThrowFirstError(ParseResult result)
    {
        if (result.UnmatchedTokens is [var first, ..])
            throw new UsageException(first.StartsWith("--", StringComparison.Ordinal) ? $"unknown option '{first}' (try --help)" : $"unexpected argument '{first}' (try --help)");
        if (result.Errors is [var error, ..]) throw new UsageException($"{error.Message} (try --help)");
    }

    private static Option<string[]> Value(string name, string valueName, string description) =>
        new(name) { HelpName = valueName, Description = description, AllowMultipleArgumentsPerToken = false };
}
