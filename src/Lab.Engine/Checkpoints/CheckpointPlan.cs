namespace Lab.Engine.Checkpoints;

/// <summary>
/// How a run checkpoints: into <see cref="Directory"/>, after every <see cref="EveryEpochs"/>-th epoch and at the
/// last one, and whenever it pauses or ends early. <see cref="ResumeFromLatest"/> starts from the newest good
/// checkpoint there instead of from fresh weights (a fresh start when there is none).
/// </summary>
public sealed record CheckpointPlan(CheckpointDirectory Directory, int EveryEpochs = 1, bool ResumeFromLatest = false)
{
    public bool DueAfter(int epoch, int lastEpoch) => epoch == lastEpoch || (EveryEpochs > 0 && epoch % EveryEpochs == 0);
}
