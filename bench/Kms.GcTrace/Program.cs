using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Reads a GC trace of the node taken with
//   dotnet-trace collect -p <pid> --providers Microsoft-Windows-DotNETRuntime:0x1:5 -o gc.nettrace
// and prints one line per collection (generation, pause, promoted bytes, mark time by root) and a
// summary, or with --alloc the sampled allocations by type and by allocating stack.
var trace = new Argument<string>("trace") { HelpName = "TRACE", Description = "a .nettrace file" };
var alloc = new Option<string>("--alloc")
{
    HelpName = "TOP",
    Description = "the sampled allocations by type and by allocating stack instead, the TOP largest (default 25)",
    Arity = ArgumentArity.ZeroOrOne,
};
var command = new RootCommand("Kms.GcTrace: one line per collection of a node's GC trace and a summary, or with --alloc its sampled allocations.") { trace, alloc };
var parsed = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Action is HelpAction) return parsed.Invoke();
if (parsed.Errors is [var error, ..])
{
    Console.Error.WriteLine($"Kms.GcTrace: {error.Message} (try --help)");
    return 2;
}
var path = parsed.GetValue(trace)!;
if (!File.Exists(path))
{
    Console.Error.WriteLine($"no such trace: {path}");
    return 2;
}
var top = 25;
if (parsed.GetValue(alloc) is { } text && (!int.TryParse(text, CultureInfo.InvariantCulture, out top) || top <= 0))
{
    Console.Error.WriteLine($"Kms.GcTrace: --alloc TOP must be a whole number above 0, not '{text}'");
    return 2;
}
if (parsed.GetResult(alloc) is { Implicit: false }) Allocations(path, top);
else Collections(path);
return 0;

static void Collections(string path)
{
    using var source = new EventPipeEventSource(path);
    source.NeedLoadedDotNetRuntimes();
    source.Process();
    var roots = Enum.GetNames<MarkRootType>();
    foreach (var process in source.Processes())
    {
        var gcs = process.LoadedDotNetRuntime()?.GC.GCs;
        if (gcs is null || gcs.Count == 0) continue;
        foreach (var gc in gcs)
        {
            var marks = "";
            foreach (var mark in gc.PerHeapMarkTimes?.Values ?? Enumerable.Empty<MarkInfo>())
                for (var i = 0; i < mark.MarkTimes.Length; i++)
                    if (mark.MarkTimes[i] >= 0.1) marks += $" {roots[i]}={mark.MarkTimes[i]:F1}ms";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gc {gc.Number} gen{gc.Generation} {gc.Type} at {gc.StartRelativeMSec:F0} ms: pause {gc.PauseDurationMSec:F1} ms, promoted {gc.PromotedMB:F1} MB, heap {gc.HeapSizeBeforeMB:F0} -> {gc.HeapSizeAfterMB:F0} MB{(marks.Length > 0 ? ", mark" + marks : "")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{gcs.Count} collections ({string.Join(", ", gcs.GroupBy(g => g.Generation).OrderBy(g => g.Key).Select(g => $"gen{g.Key} {g.Count()}"))}), pause {gcs.Sum(g => g.PauseDurationMSec):F0} ms in all, longest {gcs.Max(g => g.PauseDurationMSec):F0} ms, promoted {gcs.Sum(g => g.PromotedMB):F0} MB"));
    }
}

static void Allocations(string path, int top)
{
    var byType = new Dictionary<string, long>();
    var byStack = new Dictionary<string, long>();
    long total = 0;
    using var log = new Microsoft.Diagnostics.Tracing.Etlx.TraceLog(Microsoft.Diagnostics.Tracing.Etlx.TraceLog.CreateFromEventPipeDataFile(path));
    foreach (var e in log.Events)
    {
        if (e is not GCAllocationTickTraceData tick) continue;
        total += tick.AllocationAmount64;
        byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
        var frames = new List<string>();
        for (var frame = e.CallStack(); frame is not null && frames.Count < 5; frame = frame.Caller)
            if (frame.CodeAddress.FullMethodName is { Length: > 0 } method && !method.StartsWith("System.Private.CoreLib", StringComparison.Ordinal))
                frames.Add(method.Length > 110 ? method[..110] : method);
        var stack = tick.TypeName + " <- " + string.Join(" <- ", frames);
        byStack[stack] = byStack.GetValueOrDefault(stack) + tick.AllocationAmount64;
    }
    if (total == 0)
    {
        Console.WriteLine("no allocation samples: collect with --providers Microsoft-Windows-DotNETRuntime:0x1:5");
        return;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampled allocations: {total / 1e6:F1} MB"));
    Print("by type", byType);
    Print("by allocating stack", byStack);

    void Print(string title, Dictionary<string, long> bytes)
    {
        Console.WriteLine($"== {title}");
        foreach (var (name, amount) in bytes.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{amount / 1e6,8:F1} MB {100.0 * amount / total,5:F1}%  {name}"));
    }
}
