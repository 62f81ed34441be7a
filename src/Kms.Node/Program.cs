using Kms.Actors.MasterKey;
using Kms.Node.Configuration;
using Kms.Node.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

WebApplication app;
try
{
    app = KmsNode.Build(args);
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

await app.StartAsync();
var settings = app.Services.GetRequiredService<NodeSettings>();
if (settings.DevMode) DevBanner.Print(settings, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
await app.WaitForShutdownAsync();
return 0;
