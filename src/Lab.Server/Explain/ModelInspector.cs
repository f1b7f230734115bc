using System.Collections.Concurrent;
using System.Diagnostics;
using Lab.Contracts;
using Lab.Contracts.Explain;
using Lab.Engine.Checkpoints;
using Lab.Engine.Data;
using Lab.Engine.Inspection;
using Lab.Engine.Models;
using Lab.Engine.Training;
using Lab.Server.Options;
using Lab.Server.Training;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

using Lab.Server.Labs;

namespace Lab.Server.Explain;

/// <summary>
/// Answers the explainer pages from the real model. A lab that is training is probed on its own training thread
/// between two steps (<see cref="TrainingRun.InspectAsync{T}"/>); any other lab is rebuilt from its newest checkpoint on
/// a worker thread. Answers are cached briefly per lab and step: a page with several widgets, or several students on
/// one lab, costs one probe.
/// </summary>
public sealed class ModelInspector(
    ILabStore store,
    TrainingScheduler scheduler,
    LabCheckpoints checkpoints,
    DatasetCatalog catalog,
    ProbeImages probeImages,
    IOptions<LabOptions> options,
    ILogger<ModelInspector> logger) : IModelInspector
{
    /// <summary>A running lab moves on every step; looking again within this long gives the same answer.</summary>
    private static readonly TimeSpan RunningFreshness = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<GanArchitecture, (IReadOnlyList<LayerView> G, IReadOnlyList<LayerView> D)> _architectures = new();
    private readonly ConcurrentDictionary<string, (string Key, DateTimeOffset At, ModelInspection View)> _inspections = new();
    private readonly SemaphoreSlim _oneAtATime = new(1);

    public string? DefaultLabId() => store.All().Select(l => l.ToView())
        .Where(l => l.Status == LabStatus.Running || l.CheckpointStep is not null || checkpoints.NewestStep(l.Id) is not null)
        .OrderByDescending(l => l.CreatedAt)
        .FirstOrDefault()?.Id;

    public async Task<ArchitectureView> ArchitectureAsync(string? labId, CancellationToken cancellationToken = default)
    {
        var lab = labId is null ? null : store.Find(labId)?.ToView();
        var dataset = lab?.Config.Dataset ?? DatasetCatalog.DefaultId;
        var shape = catalog.Get(dataset).Shape;
        var architecture = new GanArchitecture(shape, lab?.Config.LatentDim ?? LabDefaults.LatentDim, options.Value.GeneratorWidth, options.Value.DiscriminatorWidth);
        if (!_architectures.TryGetValue(architecture, out var layers))
            _architectures[architecture] = layers = await Task.Run(() => Describe(architecture), cancellationToken);
        var note = lab is null
            ? "No lab has trained yet on this server: these are the networks a new lab gets with the default settings."
            : null;
        return new ArchitectureView(lab?.Id, lab?.Name, dataset, shape.Channels, shape.Size, architecture.LatentDim, layers.G, layers.D, note);
    }

    private static (IReadOnlyList<LayerView>, IReadOnlyList<LayerView>) Describe(GanArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        using var generator = new Engine.Models.Generator(architecture);
        using var discriminator = new Discriminator(architecture);
        return (ArchitectureFacts.Of(generator).Select(InspectionViews.View).ToList(),
                ArchitectureFacts.Of(discriminator).Select(InspectionViews.View).ToList());
    }

    public async Task<ModelInspection?> InspectAsync(string labId, CancellationToken cancellationToken = default)
    {
        if (store.Find(labId)?.ToView() is not { } lab) return null;
        if (scheduler.ActiveRun(labId) is { } run && run.State is TrainingState.Running or TrainingState.Paused)
        {
            if (_inspections.TryGetValue(labId, out var recent) && recent.Key == "run" && DateTimeOffset.UtcNow - recent.At < RunningFreshness)
                return recent.View;
            try
            {
                var view = await FromRunAsync(lab, run);
                _inspections[labId] = ("run", DateTimeOffset.UtcNow, view);
                return view;
            }
            catch (InvalidOperationException)
            {
                // The run ended between the two calls: its last checkpoint is the model now.
            }
        }
        return await FromCheckpointAsync(lab, cancellationToken);
    }

    private async Task<ModelInspection> FromRunAsync(LabView lab, TrainingRun run)
    {
        var clock = Stopwatch.StartNew();
        var state = run.State == TrainingState.Paused ? InspectionState.Paused : InspectionState.Running;
        var probe = await run.InspectAsync(step =>
        {
            // The fixed noise is derived from the lab's seed alone, so it is the run's own without asking it.
            var noise = FixedNoise.Create(lab.Config.LatentDim, lab.Config.Seed);
            return ModelProbe.Run(step, noise, probeImages.For(lab.Config.Dataset));
        });
        long steps = probe.Adam[0].Step;
        return InspectionViews.View(lab.Id, EpochOf(steps, lab.StepsPerEpoch), steps, state, "the training run", probe, clock.Elapsed.TotalMilliseconds);
    }

    private async Task<ModelInspection?> FromCheckpointAsync(LabView lab, CancellationToken cancellationToken)
    {
        var folder = checkpoints.For(lab.Id);
        if (folder.List() is not { Count: > 0 } files) return null;
        var newest = files[^1].File;
        if (_inspections.TryGetValue(lab.Id, out var cached) && cached.Key == newest) return cached.View with { State = InspectionState.Of(lab.Status) };

        // One checkpoint rebuild at a time: each holds a whole model (and its Adam moments) in memory.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var view = await Task.Run(() => Probe(lab, folder), cancellationToken);
            if (view is not null) _inspections[lab.Id] = (newest, DateTimeOffset.UtcNow, view);
            return view;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private ModelInspection? Probe(LabView lab, CheckpointDirectory folder)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        LoadedCheckpoint? loaded;
        try
        {
            loaded = folder.LoadLatest(skipped => logger.LogWarning("Explainers skip checkpoint {File}: {Reason}", skipped.Path, skipped.Message));
        }
        catch (CheckpointException e)
        {
            logger.LogWarning("Explainers cannot read lab {LabId}'s checkpoints: {Reason}", lab.Id, e.Message);
            return null;
        }
        if (loaded is null) return null;
        using var gan = RestoredGan.From(loaded);
        var probe = ModelProbe.Run(gan.Step, gan.FixedNoise, probeImages.For(gan.Header.DatasetId));
        var h = gan.Header;
        int epoch = h.AtEpochBoundary ? h.CompletedEpochs : h.NextEpoch;
        return InspectionViews.View(lab.Id, epoch, h.Step, InspectionState.Of(lab.Status), "the checkpoint of step " + h.Step.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), probe, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The epoch the last step done belonged to (1-based; 0 before any step).</summary>
    private static int EpochOf(long steps, int stepsPerEpoch) =>
        stepsPerEpoch <= 0 || steps == 0 ? 0 : (int)((steps - 1) / stepsPerEpoch + 1);

    public IReadOnlyList<CheckpointView> Checkpoints(string labId) => checkpoints.Describe(labId);
}
