using Lab.Contracts;

namespace Lab.Client.Components;

/// <summary>A dataset id as people read it ("fashion-mnist" → "Fashion-MNIST"), falling back to the id itself.</summary>
public static class DatasetNames
{
    public static string Of(IEnumerable<DatasetInfo> datasets, string id) =>
        datasets.FirstOrDefault(d => d.Id == id)?.Name ?? id;
}
