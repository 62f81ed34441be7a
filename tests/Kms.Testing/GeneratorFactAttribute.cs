namespace Kms.Testing;

/// <summary>A fact that writes committed vectors or fixtures; it runs only when asked to, since its output replaces the files the guards read.</summary>
public sealed class GeneratorFactAttribute : Xunit.FactAttribute
{
    public const string Variable = "KMS_REGENERATE_VECTORS";

    public GeneratorFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"generator: run by hand to regenerate the committed vectors ({Variable}=1 dotnet test --filter Generator); the guards read the files it wrote.";
    }

    /// <summary>The source directory of a test project, where the committed vectors live (not the build output).</summary>
    public static string SourceDirectory(string project)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kms.sln"))) return Path.Combine(directory.FullName, "tests", project);
        }
        throw new DirectoryNotFoundException("Kms.sln was not found above the test's output directory.");
    }
}
