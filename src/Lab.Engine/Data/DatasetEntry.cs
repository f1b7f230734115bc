using Lab.Engine.Models;

namespace Lab.Engine.Data;

/// <summary>One dataset the lab offers, as listed to a student before anything is loaded.</summary>
/// <param name="Id">Stable key: "emoji-32", "fashion-mnist" or "cifar-10".</param>
/// <param name="Description">One plain sentence on what the images are, with their source and licence.</param>
/// <param name="Shape">The shape the models see (after padding), e.g. 1×32×32 for Fashion-MNIST.</param>
/// <param name="Count">Number of images, read from the file headers; 0 when unavailable.</param>
/// <param name="UnavailableReason">Why it cannot be loaded and what to do about it; null when available.</param>
public sealed record DatasetEntry(
    string Id,
    string Name,
    string Description,
    ImageShape Shape,
    int Count,
    bool Available,
    string? UnavailableReason,
    bool IsDefault);
