using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys create</c>: <c>createkey</c> with a description, key spec, key usage and tags.</summary>
internal sealed class CreateKeyCommand : Command
{
    public override string Name => "keys create";

    public override string Summary => "create a key (symmetric encryption by default; HMAC_256/384/512 with --key-usage GENERATE_VERIFY_MAC)";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("description", "what the key is for", "TEXT", "d"),
        new("key-spec", "SYMMETRIC_DEFAULT (default), HMAC_256, HMAC_384 or HMAC_512", "SPEC"),
        new("key-usage", "ENCRYPT_DECRYPT (default) or GENERATE_VERIFY_MAC", "USAGE"),
        new("tag", "a tag on the key", "KEY=VALUE", Repeatable: true),
    ];

    public override async Task Execute(Invocation run)
    {
        var request = new JsonObject();
        if (run.Args.Value("description") is { } description) request["Description"] = description;
        if (run.Args.Value("key-spec") is { } spec) request["KeySpec"] = spec;
        if (run.Args.Value("key-usage") is { } usage) request["KeyUsage"] = usage;
        if (run.Args.Pairs("tag") is { } tags)
            request["Tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["TagKey"] = t.Key, ["TagValue"] = t.Value }).ToArray());
        var response = await run.Call("createkey", request);
        run.Show(response, output => KeyMetadataView.Write(output, response, run.Env.StdoutIsTerminal));
    }
}
