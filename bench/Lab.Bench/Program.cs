using Lab.Engine.Models;

var arch = GanArchitecture.Notebook(ImageShape.Cifar);
using var g = new Generator(arch);
using var d = new Discriminator(arch);
foreach (var s in new[]{ ModelSummary.Of("generator", g.Layers, [100]), ModelSummary.Of("discriminator", d.Layers, [3,32,32]) }) {
  foreach (var r in s.Layers) Console.WriteLine($"{r.Name,-24}{r.OutputShapeText,-24}{r.Parameters}");
  Console.WriteLine($"total {s.TotalParameters} trainable {s.TrainableParameters} non {s.NonTrainableParameters}");
}
