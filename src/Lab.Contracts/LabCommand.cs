namespace Lab.Contracts;

public enum LabCommand { Start, Pause, Resume, Stop }

public enum ControlOutcome { Done, NotFound, Forbidden, Conflict }

/// <summary>What a control request did. Conflict carries why (for example "cannot pause a lab that is queued").</summary>
public sealed record ControlResult(ControlOutcome Outcome, string? Message = null, LabView? Lab = null);

/// <summary>A new control key: the old control link stops working at once. Links as in <see cref="CreatedLab"/>.</summary>
public sealed record KeyRotation(ControlOutcome Outcome, string? Message = null, CreatedLab? Links = null);
