using System.Globalization;
using Lab.Contracts;

namespace Lab.Client.Pages.Home;

/// <summary>
/// What the new-lab form edits: the notebook's hyperparameters to start with, the bounds the lab accepts, and the
/// request it turns into. Error keys are the JSON field names, the same the server's <see cref="LabValidationException"/> uses.
/// </summary>
public sealed class NewLabModel
{
    public string? Name { get; set; }
    public string? Dataset { get; set; }
    public int Epochs { get; set; } = LabDefaults.Epochs;
    public int BatchSize { get; set; } = LabDefaults.BatchSize;
    public double LearningRate { get; set; } = LabDefaults.LearningRate;
    public int LatentDim { get; set; } = LabDefaults.LatentDim;

    /// <summary>Empty: the server picks one (and shows it on the lab's page).</summary>
    public int? Seed { get; set; }

    public CreateLabRequest ToRequest() => new()
    {
        Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
        Dataset = Dataset,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        LatentDim = LatentDim,
        Seed = Seed,
    };

    /// <summary>The checks the server makes too, so most mistakes show before a round trip.</summary>
    public Dictionary<string, string[]> Validate(IReadOnlyList<DatasetInfo> datasets)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (Name is { Length: > LabDefaults.MaxNameLength })
            Fail("name", $"At most {LabDefaults.MaxNameLength} characters.");

        var dataset = datasets.FirstOrDefault(d => d.Id == Dataset);
        if (dataset is null) Fail("dataset", "Choose a dataset.");
        else if (!dataset.Available) Fail("dataset", $"{dataset.Name} is not available here: {dataset.Description}");

        if (Epochs is < 1 or > LabDefaults.MaxEpochs)
            Fail("epochs", $"Between 1 and {LabDefaults.MaxEpochs.ToString("N0", CultureInfo.InvariantCulture)}.");
        if (BatchSize is < LabDefaults.MinBatchSize or > LabDefaults.MaxBatchSize)
            Fail("batchSize", $"Between {LabDefaults.MinBatchSize} and {LabDefaults.MaxBatchSize}.");
        if (!double.IsFinite(LearningRate) || LearningRate < LabDefaults.MinLearningRate || LearningRate > LabDefaults.MaxLearningRate)
            Fail("learningRate", $"Between {Number(LabDefaults.MinLearningRate)} and {Number(LabDefaults.MaxLearningRate)}.");
        if (LatentDim is < LabDefaults.MinLatentDim or > LabDefaults.MaxLatentDim)
            Fail("latentDim", $"Between {LabDefaults.MinLatentDim} and {LabDefaults.MaxLatentDim}.");
        return errors;
    }

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
