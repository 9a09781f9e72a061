namespace StableTune.Stability;

/// <summary>
/// How much of the spread of a metric comes from the seed and how much from the fold: a two-way random-effects
/// ANOVA of a seed x fold table with one run per cell. Components are the variances of the seed effect, the fold
/// effect and the residual (interaction and noise); a negative estimate is truncated to 0, as is customary.
/// </summary>
/// <param name="Seeds">Rows of the table (seeds).</param>
/// <param name="Folds">Columns of the table (folds, or repeat x fold pairs).</param>
/// <param name="MeanSquareSeed">Mean square of the seed effect (df = Seeds − 1).</param>
/// <param name="MeanSquareFold">Mean square of the fold effect (df = Folds − 1).</param>
/// <param name="MeanSquareResidual">Residual mean square (df = (Seeds − 1)(Folds − 1)).</param>
/// <param name="Seed">Variance component of the seed: max(0, (MS_seed − MS_res) / Folds).</param>
/// <param name="Fold">Variance component of the fold: max(0, (MS_fold − MS_res) / Seeds).</param>
/// <param name="Residual">Residual variance component: MS_res.</param>
/// <param name="SeedP">p-value of the F test of "no seed effect".</param>
/// <param name="FoldP">p-value of the F test of "no fold effect".</param>
public sealed record VarianceComponents(
    int Seeds, int Folds, double MeanSquareSeed, double MeanSquareFold, double MeanSquareResidual,
    double Seed, double Fold, double Residual, double SeedP, double FoldP)
{
    /// <summary>Sum of the three components: the variance of one run's metric under the model.</summary>
    public double Total => Seed + Fold + Residual;
    /// <summary>Share of <see cref="Total"/> due to the seed.</summary>
    public double SeedShare => Total > 0 ? Seed / Total : double.NaN;
    /// <summary>Share of <see cref="Total"/> due to the fold.</summary>
    public double FoldShare => Total > 0 ? Fold / Total : double.NaN;
    /// <summary>Share of <see cref="Total"/> left unexplained (seed x fold interaction and noise).</summary>
    public double ResidualShare => Total > 0 ? Residual / Total : double.NaN;

    /// <summary>Estimates the components from <paramref name="table"/>[seed, fold] (at least 2 x 2, no missing cells).</summary>
    public static VarianceComponents Estimate(double[,] table)
    {
        int n = table.GetLength(0), k = table.GetLength(1);
        if (n < 2 || k < 2)
            throw new ArgumentException($"A {n} x {k} seed x fold table cannot separate seed from fold: use at least 2 seeds and 2 folds.", nameof(table));
        var rows = new double[n];
        var cols = new double[k];
        var grand = 0.0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < k; j++)
            {
                var v = table[i, j];
                if (!double.IsFinite(v)) throw new ArgumentException($"Cell [seed {i}, fold {j}] is {v}: every cell needs a finite value.", nameof(table));
                rows[i] += v / k;
                cols[j] += v / n;
                grand += v / (n * k);
            }
        double ssSeed = 0, ssFold = 0, ssRes = 0;
        for (var i = 0; i < n; i++) ssSeed += k * (rows[i] - grand) * (rows[i] - grand);
        for (var j = 0; j < k; j++) ssFold += n * (cols[j] - grand) * (cols[j] - grand);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < k; j++)
            {
                var r = table[i, j] - rows[i] - cols[j] + grand;
                ssRes += r * r;
            }
        int dfSeed = n - 1, dfFold = k - 1, dfRes = (n - 1) * (k - 1);
        double msSeed = ssSeed / dfSeed, msFold = ssFold / dfFold, msRes = ssRes / dfRes;
        double FTestP(double ms, int df) => msRes > 0 ? FDistribution.Sf(ms / msRes, df, dfRes) : double.NaN;
        return new VarianceComponents(n, k, msSeed, msFold, msRes,
            Math.Max(0, (msSeed - msRes) / k), Math.Max(0, (msFold - msRes) / n), msRes,
            FTestP(msSeed, dfSeed), FTestP(msFold, dfFold));
    }
}
