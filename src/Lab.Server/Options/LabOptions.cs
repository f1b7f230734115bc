using System.ComponentModel.DataAnnotations;

namespace Lab.Server.Options;

/// <summary>The "Lab" section of appsettings.json (README, "Configuration"). Checked at start-up.</summary>
public sealed class LabOptions
{
    public const string Section = "Lab";

    /// <summary>Where labs keep their files. Relative paths are under the app's content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>A folder holding cifar-10-batches-bin (or that folder itself). Empty: CIFAR-10 is listed as unavailable.</summary>
    public string? Cifar10Directory { get; set; }

    /// <summary>Where the shipped offline datasets are; empty means the copy beside the server's binaries.</summary>
    public string? ShippedDatasetsDirectory { get; set; }

    /// <summary>auto (CUDA if present, else CPU), cpu, or cuda.</summary>
    [RegularExpression("^(auto|cpu|cuda)$", ErrorMessage = "Lab:Device must be auto, cpu or cuda.")]
    public string Device { get; set; } = "auto";

    /// <summary>How often live metrics are pushed to viewers. Coalescing keeps a fast run from flooding browsers.</summary>
    [Range(50, 5000)]
    public int MetricsFlushMilliseconds { get; set; } = 250;

    /// <summary>
    /// A hub viewer whose oldest unsent message has waited this long (its network stalled, its tab is frozen) is
    /// disconnected, so that it never holds other viewers back or makes the server buffer without end.
    /// </summary>
    [Range(1, 3600)]
    public int SlowViewerSeconds { get; set; } = 10;

    /// <summary>
    /// Width of the generator's first feature map (the notebook: 256, halved twice). Only to shrink the model for
    /// tests and very slow machines; every lab on this server uses it.
    /// </summary>
    [Range(4, 1024)]
    public int GeneratorWidth { get; set; } = 256;

    /// <summary>Width of the discriminator's first convolution (the notebook: 64, doubled once).</summary>
    [Range(2, 1024)]
    public int DiscriminatorWidth { get; set; } = 64;

    /// <summary>Checkpoints kept per lab: the newest this many...</summary>
    [Range(1, 1000)]
    public int CheckpointKeepLast { get; set; } = 3;

    /// <summary>...plus the one after every this-many-th epoch (0: none), a sparse history of a long run.</summary>
    [Range(0, 100_000)]
    public int CheckpointKeepEveryEpochs { get; set; } = 10;

    /// <summary>
    /// After a restart, labs that were training come back paused ("interrupted") with a Resume button; true queues
    /// them to resume by themselves instead.
    /// </summary>
    public bool ResumeInterruptedLabs { get; set; }

    /// <summary>
    /// How many labs train at the same time on this server's device; the rest wait in a queue. 0: 1 on a CPU (two runs
    /// would only share its cores and both finish later) and 2 on a GPU (the notebook's model leaves most of one idle).
    /// </summary>
    [Range(0, 64)]
    public int MaxConcurrentRuns { get; set; }

    /// <summary>
    /// Labs (new or forked) one client address may create per hour. A classroom behind one NAT address shares it, so
    /// the default leaves room for a class of thirty forking twice.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxLabsPerClientPerHour { get; set; } = 60;

    /// <summary>The most labs kept at once; creating more answers with a clear error.</summary>
    [Range(1, 100_000)]
    public int MaxLabs { get; set; } = 1000;
}
