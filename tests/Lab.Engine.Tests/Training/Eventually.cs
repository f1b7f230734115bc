namespace Lab.Engine.Tests.Training;

/// <summary>Polls until a run reaches a state its thread sets on its own time.</summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(10);
        }
    }
}
