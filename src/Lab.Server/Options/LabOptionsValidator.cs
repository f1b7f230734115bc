using Microsoft.Extensions.Options;

namespace Lab.Server.Options;

/// <summary>Checks what attributes cannot: that the data directory can be created and written.</summary>
public sealed class LabOptionsValidator(IHostEnvironment environment) : IValidateOptions<LabOptions>
{
    public ValidateOptionsResult Validate(string? name, LabOptions options)
    {
        var directory = LabPaths.DataDirectory(options, environment);
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".write-test");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Lab:DataDirectory '{directory}' cannot be written ({e.Message}). Choose a writable folder.");
        }
        if (!string.IsNullOrWhiteSpace(options.Cifar10Directory) && !Directory.Exists(options.Cifar10Directory))
            return ValidateOptionsResult.Fail($"Lab:Cifar10Directory '{options.Cifar10Directory}' does not exist. Point it at the folder that holds cifar-10-batches-bin, or leave it empty.");
        return ValidateOptionsResult.Success;
    }
}

public static class LabPaths
{
    public static string DataDirectory(LabOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);

    public static string ShippedDatasets(LabOptions options) =>
        string.IsNullOrWhiteSpace(options.ShippedDatasetsDirectory)
            ? Path.Combine(AppContext.BaseDirectory, "datasets")
            : Path.GetFullPath(options.ShippedDatasetsDirectory);
}
