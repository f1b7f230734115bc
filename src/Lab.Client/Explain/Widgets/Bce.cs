namespace Lab.Client.Explain.Widgets;

/// <summary>
/// Binary cross-entropy on a logit, as Keras' BinaryCrossentropy(from_logits=True) and torch's
/// binary_cross_entropy_with_logits compute it: max(z, 0) − z·y + log(1 + e^−|z|), which never takes the log of 0.
/// </summary>
public static class Bce
{
    public static double OnLogit(double logit, double target) =>
        Math.Max(logit, 0) - logit * target + Math.Log(1 + Math.Exp(-Math.Abs(logit)));

    public static double Mean(IReadOnlyList<float> logits, double target) =>
        logits.Count == 0 ? double.NaN : logits.Average(z => OnLogit(z, target));
}
