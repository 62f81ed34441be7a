namespace Kms.Bench;

/// <summary>The scenarios the bench knows, in the order it runs them when none is named.</summary>
public static class ScenarioNames
{
    public const string Encrypt256Hot = "encrypt-256-hot";
    public const string Decrypt256Hot = "decrypt-256-hot";
    public const string Encrypt4kHot = "encrypt-4k-hot";
    public const string Decrypt4kHot = "decrypt-4k-hot";
    public const string Encrypt256Spread = "encrypt-256-spread";
    public const string GenerateDataKey = "generatedatakey";
    public const string CreateKey = "createkey";
    public const string ColdKey = "cold-key";

    public static readonly IReadOnlyList<string> All =
        [Encrypt256Hot, Decrypt256Hot, Encrypt4kHot, Decrypt4kHot, Encrypt256Spread, GenerateDataKey, CreateKey, ColdKey];
}
