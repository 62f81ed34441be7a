using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Catalog;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Errors;

/// <summary>A fault nobody foresaw is answered with a typed 500 on both front doors, and its text stays in the log.</summary>
public class UnhandledErrorTests
{
    private const string Secret = "catalog-fault-with-a-secret-0f1e2d3c4b5a";

    /// <summary>Stands in for the key catalog: every ListKeys and ListAliases fails with an exception no operation expects.</summary>
    private sealed class BrokenCatalog : IRequiredActor<KeyCatalog>
    {
        public IActorRef ActorRef => throw new InvalidOperationException(Secret);

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException(Secret);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_typed_500_that_tells_nothing_of_it_and_the_node_keeps_serving()
    {
        var logs = new CapturingLoggerProvider();
        var fixture = new PrincipalsFixture
        {
            Services = s => s.AddSingleton<IRequiredActor<KeyCatalog>>(new BrokenCatalog()).AddSingleton<ILoggerProvider>(logs),
        };
        await fixture.InitializeAsync();
        try
        {
            using var native = fixture.NativeClient(PrincipalsFixture.AdminSharedKey);
            using var aws = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);

            var responses = new[] { await native.Post("listkeys", new { }), await aws.Post("ListKeys", new { }) };
            foreach (var response in responses)
            {
                response.AssertError(HttpStatusCode.InternalServerError, "KMSInternalException");
                Assert.Equal("The server failed to handle the request.", (string)response.Json!["message"]!);
                Assert.DoesNotContain(Secret, response.Body);
                Assert.DoesNotContain(nameof(InvalidOperationException), response.Body);
            }
            Assert.Contains(logs.Lines, l => l.Contains(Secret));

            var keyId = await native.CreateKey();
            Assert.Equal(new byte[] { 7 }, await native.Decrypt(await native.Encrypt(keyId, [7])));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
