using Lab.Contracts;
using Lab.Engine.Data;

namespace Lab.Server.Labs;

/// <summary>Turns a create request into a complete configuration, or names every bad field (camelCase, as in JSON).</summary>
public sealed class LabRequestValidator(DatasetCatalog catalog)
{
    public (LabConfig Config, string Name) Validate(CreateLabRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message) { if (!ok) errors[field] = [message]; }

        var defaultDataset = catalog.Entries.First(e => e.IsDefault).Id;
        var datasetId = string.IsNullOrWhiteSpace(request.Dataset) ? defaultDataset : request.Dataset.Trim();
        var entry = catalog.Entries.FirstOrDefault(e => e.Id == datasetId);
        if (entry is null)
            errors["dataset"] = [$"Unknown dataset '{datasetId}'. Choose one of: {string.Join(", ", catalog.Entries.Select(e => e.Id))}."];
        else if (!entry.Available)
            errors["dataset"] = [$"Dataset '{datasetId}' is not available here: {entry.UnavailableReason}"];

        var epochs = request.Epochs ?? LabDefaults.Epochs;
        var batch = request.BatchSize ?? LabDefaults.BatchSize;
        var rate = request.LearningRate ?? LabDefaults.LearningRate;
        var latent = request.LatentDim ?? LabDefaults.LatentDim;
        var checkpointEvery = request.CheckpointEvery ?? LabDefaults.CheckpointEvery;
        var sampleEvery = request.SampleEvery ?? LabDefaults.SampleEvery;
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{entry?.Name ?? datasetId} DCGAN" : request.Name.Trim();

        Check(epochs is >= 1 and <= LabDefaults.MaxEpochs, "epochs", $"Epochs must be between 1 and {LabDefaults.MaxEpochs}.");
        Check(batch is >= LabDefaults.MinBatchSize and <= LabDefaults.MaxBatchSize, "batchSize", $"Batch size must be between {LabDefaults.MinBatchSize} and {LabDefaults.MaxBatchSize}.");
        Check(double.IsFinite(rate) && rate >= LabDefaults.MinLearningRate && rate <= LabDefaults.MaxLearningRate, "learningRate", $"Learning rate must be between {LabDefaults.MinLearningRate:G} and {LabDefaults.MaxLearningRate:G} (the notebook uses 1e-4).");
        Check(latent is >= LabDefaults.MinLatentDim and <= LabDefaults.MaxLatentDim, "latentDim", $"Noise dimension must be between {LabDefaults.MinLatentDim} and {LabDefaults.MaxLatentDim} (the notebook uses 100).");
        Check(checkpointEvery is >= 1 and <= LabDefaults.MaxEpochs, "checkpointEvery", "checkpointEvery must be at least 1 epoch.");
        Check(sampleEvery is >= 1 and <= LabDefaults.MaxEpochs, "sampleEvery", "sampleEvery must be at least 1 epoch.");
        Check(name.Length <= LabDefaults.MaxNameLength, "name", $"Name must be at most {LabDefaults.MaxNameLength} characters.");
        Check(request.Seed is null or >= 0, "seed", "Seed must be zero or positive.");

        if (errors.Count > 0) throw new LabValidationException(errors);
        var seed = request.Seed ?? Random.Shared.Next(0, int.MaxValue);
        return (new LabConfig(datasetId, epochs, batch, rate, latent, seed, checkpointEvery, sampleEvery), name);
    }
}
