using System.Globalization;
using System.Text;
using Lab.Contracts;

namespace Lab.Server.Export;

/// <summary>Step metrics as CSV (RFC 4180, invariant culture); a diverged value is an empty cell, never a zero.</summary>
public static class MetricsCsv
{
    public const string Header = "step,epoch,g_loss,d_loss,d_real,d_fake,seconds";

    public static byte[] Write(IEnumerable<MetricPoint> points)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
            csv.Append(CultureInfo.InvariantCulture, $"{p.Step},{p.Epoch},{Cell(p.GLoss)},{Cell(p.DLoss)},{Cell(p.DReal)},{Cell(p.DFake)},{Cell(p.Seconds)}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Cell(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
