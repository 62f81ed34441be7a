using Kms.Actors.Keys;
using Akka.Actor;
using Kms.Actors.MasterKey;
using Kms.Actors.Operations;
using Kms.Actors.Persistence;
using Kms.Hsm;
using Kms.Node.Configuration;
using Kms.Node.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var migrate = args.Length > 0 && args[0] == "migrate-to-hsm";
var migrateJournal = args.Length > 0 && args[0] == "migrate-journal-mac";
WebApplication app;
try
{
    app = KmsNode.Build(migrate || migrateJournal ? args[1..] : args);
}
catch (InvalidConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (WrongPassphraseException e)
{
    Console.Error.WriteLine("Kms cannot start: " + e.Message);
    return 3;
}

// Disposed on every way out, as app.Run() would: the log's last lines are written before the process ends.
await using var running = app;
await app.StartAsync();
var settings = app.Services.GetRequiredService<NodeSettings>();
var journalMigration = JournalMacMigration.For(app.Services.GetRequiredService<ActorSystem>());
if (migrateJournal)
{
    // migrate-journal-mac: seals the rows of a journal from before journal MACs, once, with every other node stopped.
    var result = await journalMigration.Run(CancellationToken.None);
    if (result.Tampered)
    {
        Console.Error.WriteLine("Refused: the journal has been tampered with: it mixes rows sealed with the journal MAC and rows without one, " +
                                "so it is not a journal from before journal MACs. Nothing was changed. The rows without a MAC:");
        foreach (var row in result.Refused) Console.Error.WriteLine($"  {row}");
        await app.StopAsync();
        return 5;
    }
    Console.Out.WriteLine($"Sealed {result.EventsSealed} events and {result.SnapshotsSealed} snapshots with the journal MAC.");
    foreach (var row in result.Refused) Console.Error.WriteLine($"Refused: {row}");
    await app.StopAsync();
    return result.Refused.Count == 0 ? 0 : 1;
}
switch (await journalMigration.State(CancellationToken.None))
{
    case JournalState.PreMac:
        Console.Error.WriteLine("Kms cannot start: the journal was written before journal MACs. Stop every node and run " +
                                "`Kms.Node migrate-journal-mac` once with the same settings (docs/journal-integrity.md).");
        await app.StopAsync();
        return 4;
    case JournalState.Mixed:
        Console.Error.WriteLine("Kms cannot start: the journal is tampered/mixed: its oldest row has no journal MAC but other rows have one, " +
                                "so rows without a MAC were put there by someone else. Do not run migrate-journal-mac (it refuses); " +
                                "restore the journal from a backup (docs/journal-integrity.md).");
        await app.StopAsync();
        return 5;
}
if (migrate)
{
    // migrate-to-hsm [--max-keys N]: needs GOKMS_CRYPTO_PROVIDER=hsm plus the old GOKMS_KSMC_PASSPHRASE.
    if (settings.Hsm is null)
    {
        Console.Error.WriteLine("migrate-to-hsm needs GOKMS_CRYPTO_PROVIDER=hsm with the HSM settings, and GOKMS_KSMC_PASSPHRASE to read the old keys.");
        await app.StopAsync();
        return 2;
    }
    var index = Array.IndexOf(args, "--max-keys");
    int? maxKeys = index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var max) ? max : null;
    var result = await MasterKeyMigration.Run(app.Services.GetRequiredService<KeyOperations>(), journalMigration, HsmMasterKeyProvider.ProviderName, maxKeys, Console.Out, CancellationToken.None);
    await app.StopAsync();
    return result.Complete ? 0 : 1;
}
if (settings.DevMode) DevBanner.Print(settings, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
await app.WaitForShutdownAsync();
return 0;
