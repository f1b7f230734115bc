using System.Globalization;

namespace Lab.Client.Components;

/// <summary>Seconds as people read them on a progress line: "45 s", "3 min 20 s", "2 h 5 min", "1 d 3 h".</summary>
public static class DurationFormat
{
    public const string Unknown = "—";

    public static string Format(double? seconds)
    {
        if (seconds is not double s || !double.IsFinite(s) || s < 0) return Unknown;

        var total = (long)Math.Round(s);
        if (total < 60) return $"{total} s";

        var days = total / 86_400;
        var hours = total % 86_400 / 3_600;
        var minutes = total % 3_600 / 60;
        var secs = total % 60;

        if (days > 0) return hours > 0 ? $"{days} d {hours} h" : $"{days} d";
        if (hours > 0) return minutes > 0 ? $"{hours} h {minutes} min" : $"{hours} h";
        return secs > 0 ? $"{minutes} min {secs} s" : $"{minutes} min";
    }

    /// <summary>Training speed with one decimal below 10 steps/s (a CPU lab runs at about 2).</summary>
    public static string Rate(double? stepsPerSecond) => stepsPerSecond is double r && double.IsFinite(r) && r >= 0
        ? (r < 10 ? r.ToString("0.0", CultureInfo.InvariantCulture) : r.ToString("0", CultureInfo.InvariantCulture)) + " steps/s"
        : Unknown;
}
