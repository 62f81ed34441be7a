using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// Requests sent over and over through several nodes at once, every answer kept with the moments its request left
/// and its answer came back (monotonic, <see cref="Now"/>), so a test can judge exactly the requests sent after a
/// change was acknowledged.
/// </summary>
public sealed class Traffic : IAsyncDisposable
{
    public sealed record Request(string KeyId, string Operation, object Body);

    /// <summary>One answer; <see cref="Status"/> 0 when the request failed without an HTTP answer (<see cref="Body"/> says why).</summary>
    public sealed record Answer(string Node, Request Request, long SentAt, long AnsweredAt, HttpStatusCode Status, string? ErrorType, JsonNode? Json, string Body)
    {
        /// <summary>The request and its answer; of a 200 only the ciphertext's key version, never a plaintext.</summary>
        public override string ToString() => $"{Request.Operation} {Request.KeyId} through {Node}: {(int)Status} " + (Status != HttpStatusCode.OK ? Body
            : Json?["CiphertextBlob"] is { } blob ? $"(a ciphertext under version {CiphertextHeader.Read((string)blob!).Version})" : "(served)");
    }

    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly int _pairs;

    private Traffic(IReadOnlyList<(string Name, GoKmsClient Client)> nodes, IReadOnlyList<Request> requests, int workersPerNode)
    {
        _pairs = nodes.Count * requests.Distinct().Count();
        foreach (var (name, client) in nodes)
            for (var w = 0; w < workersPerNode; w++)
            {
                var first = w * requests.Count / workersPerNode;
                _workers.Add(Task.Run(() => Send(name, client, requests, first)));
            }
    }

    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Starts <paramref name="workersPerNode"/> loops per node, each through every request in turn.</summary>
    public static Traffic Start(IReadOnlyList<(string Name, GoKmsClient Client)> nodes, IReadOnlyList<Request> requests, int workersPerNode = 2) =>
        new(nodes, requests, workersPerNode);

    public IReadOnlyList<Answer> Answers => _answers.ToArray();

    public IEnumerable<Answer> SentBetween(long after, long before) => _answers.Where(a => a.SentAt > after && a.SentAt < before);

    /// <summary>
    /// The answers to requests made wholly between two moments: sent after <paramref name="after"/> and answered before
    /// <paramref name="before"/>. A request still open when the next change was sent may rightly see either state.
    /// </summary>
    public IEnumerable<Answer> Within(long after, long before) => _answers.Where(a => a.SentAt > after && a.AnsweredAt < before);

    /// <summary>Waits until every node has answered every request at least <paramref name="times"/> times, each sent after <paramref name="after"/>.</summary>
    public Task Covered(long after, int times, string what, TimeSpan? timeout = null) =>
        Eventually.Until(
            () => Task.FromResult(_answers.Where(a => a.SentAt > after).GroupBy(a => (a.Node, a.Request)).Select(g => g.Count()).ToList()),
            counts => counts.Count == _pairs && counts.All(c => c >= times),
            what, timeout ?? TimeSpan.FromSeconds(120));

    private async Task Send(string node, GoKmsClient client, IReadOnlyList<Request> requests, int first)
    {
        for (var i = first; !_stop.IsCancellationRequested; i++)
        {
            var request = requests[i % requests.Count];
            var sentAt = Now;
            try
            {
                var response = await client.Post(request.Operation, request.Body);
                _answers.Enqueue(new Answer(node, request, sentAt, Now, response.Status, response.ErrorType, response.Json, response.Body));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _answers.Enqueue(new Answer(node, request, sentAt, Now, 0, null, null, e.GetType().Name + ": " + e.Message));
            }
        }
    }

    public async Task Stop()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        _stop.Dispose();
    }
}
