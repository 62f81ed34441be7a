using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Kms.Actors.Operations;
using Kms.Actors.Persistence;
using Kms.Actors.Serialization;
using Kms.Gateway;
using Kms.Hsm;
using Kms.Gateway.Auth;
using Kms.Gateway.Health;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Kms.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Hosting;

/// <summary>Composes a node: configuration, master key, actor system, gateway, HTTPS.</summary>
public static class KmsNode
{
    /// <summary>
    /// Builds the node. Throws <see cref="InvalidConfigurationException"/> or <see cref="WrongPassphraseException"/>
    /// before anything is written when it cannot start.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        builder.Logging.AddNodeConsole();

        var dev = IsDevMode(args, builder.Configuration)
            ? DevEnvironment.Prepare(builder.Configuration["GOKMS_KSMC_PATH"] is { Length: > 0 } dir ? dir : DevEnvironment.DefaultDirectory)
            : null;
        var settings = NodeSettings.Load(builder.Configuration, dev);
        var principals = LoadPrincipals(settings);
        // Made owner-only before SQLite creates kms.db and its WAL in it with the default umask.
        if (settings.Persistence.Provider == PersistenceSettings.Sqlite) OwnerOnlyDirectory.Create(settings.DataDirectory);
        var masterKeyProviders = CreateMasterKeyProviders(settings);
        JournalIntegrity journalIntegrity;
        try
        {
            journalIntegrity = JournalIntegrity.From(masterKeyProviders);
        }
        catch (HsmException e)
        {
            throw new InvalidConfigurationException([e.Message]);
        }

        // Validated again when the host starts, so a component that takes IOptions<NodeOptions> sees what Load saw.
        builder.Services.AddNodeOptions(builder.Configuration, dev);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(masterKeyProviders[0]);
        builder.Services.AddSingleton(journalIntegrity);
        services?.Invoke(builder.Services);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The gateway enforces MaxBodyBytes itself; Kestrel lets it read a refused body's rest (GatewayJson.DrainBytes).
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes + GatewayJson.DrainBytes;
            var certificate = X509Certificate2.CreateFromPemFile(settings.CertificatePath, settings.CertificateKeyPath);
            foreach (var address in ListenAddresses(settings.Host))
                kestrel.Listen(address, settings.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                });
        });

        builder.Services.AddKmsGateway(
            new GoKmsAuthOptions { AllowedClockSkew = settings.AllowedClockSkew, RequireContentHash = settings.RequireContentHash },
            new GatewayOptions { MaxBodyBytes = settings.MaxBodyBytes },
            principals);
        builder.Services.AddSingleton(provider => new JournalAvailability(settings.Persistence, provider.GetRequiredService<ILogger<JournalAvailability>>()));
        // Leases lend a key's material to the other nodes of a cluster; a single node has no one to lend to.
        var leaseDuration = settings.IsMultiNode ? settings.LeaseDuration : TimeSpan.Zero;
        builder.Services.AddSingleton(provider => new KeyLeaseTable(provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(provider => new KeyOperationsOptions(settings.AskTimeout)
        {
            Arns = settings.Arns,
            Journal = provider.GetRequiredService<JournalAvailability>(),
            Leases = leaseDuration > TimeSpan.Zero ? provider.GetRequiredService<KeyLeaseTable>() : null,
        });
        builder.Services.AddSingleton<KeyOperations>();
        builder.Services.AddAkka(KmsClusterHostingExtensions.SystemName, (akka, provider) =>
        {
            var clock = provider.GetRequiredService<TimeProvider>();
            var keyShards = KeyShardOptions.Default with { PassivateIdleAfter = settings.PassivateIdleAfter, Clock = clock, LeaseDuration = leaseDuration };
            akka
                .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .AddKmsSerialization()
                .AddKmsPersistence(settings.Persistence, journalIntegrity, provider.GetRequiredService<JournalAvailability>())
                .AddKmsCluster(settings)
                .AddMasterKey(masterKeyProviders)
                .AddKeyCatalog(settings.CatalogRefreshInterval, clock)
                .AddKeyShardRegion(keyShards)
                .AddAliasShardRegion(clock, settings.PassivateIdleAfter);
            if (leaseDuration > TimeSpan.Zero) akka.AddKeyLeases(provider.GetRequiredService<KeyLeaseTable>(), keyShards);
        });

        builder.Services.AddHostedService(provider => MemoryRelease.ForNode(settings.ReleaseMemoryAfterKeys,
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<MemoryRelease>>()));

        builder.Services.TryAddSingleton<HotPathWarmUp>();
        builder.Services.TryAddSingleton(provider => new NodeWarmUp(settings.WarmUp, provider.GetRequiredService<HotPathWarmUp>().Round,
            provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<NodeWarmUp>>()));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<NodeWarmUp>());
        builder.Services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up", tags: [HealthTags.Ready]);

        var app = builder.Build();
        principals.LogTo(app.Services.GetRequiredService<ILogger<PrincipalStore>>());
        app.UseKmsGateway(developmentPages: settings.DevMode);
        // A node that leaves the cluster (downed by the split-brain resolver, or shut down) stops the
        // process too, so its supervisor restarts it rather than leaving an HTTP server with no keys.
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<ActorSystem>().WhenTerminated.ContinueWith(_ => app.Lifetime.StopApplication()));
        return app;
    }

    /// <summary>
    /// The software master key (derived from the passphrase) or the HSM's, opened now so a wrong setting
    /// stops start-up. In HSM mode, a passphrase given beside an existing software key store adds the
    /// software key as a second provider that only unwraps, so keys not yet moved to the HSM keep
    /// working until <c>migrate-to-hsm</c> has re-wrapped them.
    /// </summary>
    private static IMasterKeyProvider[] CreateMasterKeyProviders(NodeSettings settings)
    {
        IMasterKeyParameterStore parameters = settings.Persistence.Provider == PersistenceSettings.Postgres
            ? new PostgresMasterKeyParameterStore(settings.Persistence.ConnectionString)
            : new MasterKeyParametersFile(settings.DataDirectory);
        if (settings.Hsm is null)
            return [new SoftwareMasterKeyProvider(MasterKeyParameters.DeriveOrCreate(parameters, settings.Passphrase))];
        var software = string.IsNullOrEmpty(settings.Passphrase) ? null : MasterKeyParameters.DeriveIfPresent(parameters, settings.Passphrase);
        try
        {
            var hsm = new HsmMasterKeyProvider(settings.Hsm);
            return software is null ? [hsm] : [hsm, new SoftwareMasterKeyProvider(software)];
        }
        catch (HsmException e)
        {
            throw new InvalidConfigurationException([e.Message]);
        }
    }

    /// <summary>The principals file when one is configured (checked now, watched later), else the go-kms shared key as one admin.</summary>
    private static PrincipalStore LoadPrincipals(NodeSettings settings)
    {
        if (settings.PrincipalsFile is null) return PrincipalStore.FromSharedKey(settings.ReadAuthKey());
        try
        {
            // Loaded before the host, so that a bad file stops start-up; Build gives the store the host's log.
            return PrincipalStore.FromFile(settings.PrincipalsFile, log: null);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidConfigurationException([$"Kms__Auth__PrincipalsFile: {e.Message}"]);
        }
    }

    public static bool IsDevMode(string[] args, IConfiguration config) =>
        args.Contains("--dev") || config.GetValue("Kms:Dev", false);

    private static IEnumerable<IPAddress> ListenAddresses(string host)
    {
        if (host == "localhost") return [IPAddress.Loopback];
        if (IPAddress.TryParse(host, out var address)) return [address];
        return Dns.GetHostAddresses(host);
    }
}
