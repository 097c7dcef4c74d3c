namespace SecHubRootMfa.Bench.Harness.Measuring;

/// <summary>Order statistics of a sample: the median and spread this noisy machine calls for.</summary>
internal sealed record Stats(int Count, double Min, double P25, double Median, double P75, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? throw new InvalidOperationException("No samples.")
            : new Stats(sorted.Length, sorted[0], Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75), sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (the usual "type 7" quantile).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
