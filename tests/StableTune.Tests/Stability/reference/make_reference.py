#!/usr/bin/python3
"""Reference values for the kit's stability statistics, computed with SciPy / scikit-learn / NumPy.

Run (Debian: apt-get install python3-scipy python3-sklearn):
    /usr/bin/python3 make_reference.py > reference.json   (Debian's Python, where the apt packages are)
The C# tests (tests/StableTune.Tests/Stability) compare against reference.json and need no Python.
Inputs are fixed (written out below or drawn from a seeded generator and stored in the JSON).
"""
import json
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats as st
import sklearn
from sklearn.metrics import accuracy_score

rng = np.random.default_rng(20261204)
out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}}

# Descriptive statistics: std/var with ddof=1, NumPy's default (linear) percentiles, coefficient of variation.
samples = [
    [0.812, 0.797, 0.825, 0.803, 0.791, 0.818, 0.809],
    [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0],
    list(np.round(rng.normal(0.7, 0.05, 25), 6)),
]
out["descriptive"] = [{
    "x": x,
    "mean": float(np.mean(x)),
    "std": float(np.std(x, ddof=1)),
    "var": float(np.var(x, ddof=1)),
    "min": float(np.min(x)),
    "max": float(np.max(x)),
    "cv": float(st.variation(x, ddof=1)),
    "percentiles": {str(q): float(np.percentile(x, q)) for q in [0, 2.5, 10, 25, 50, 75, 90, 97.5, 100]},
} for x in samples]

# Bootstrap: a fixed set of resamples (stored), the distribution of means and its 2.5/97.5 percentiles.
x = samples[0]
idx = rng.integers(0, len(x), size=(200, len(x)))
means = np.asarray(x)[idx].mean(axis=1)
out["bootstrap"] = {
    "x": x, "indices": idx.tolist(), "means": means.tolist(),
    "ci95": [float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))],
    "ci90": [float(np.percentile(means, 5)), float(np.percentile(means, 95))],
}

# Regularized incomplete beta, Student-t and F distributions.
out["betainc"] = [{"a": a, "b": b, "x": xx, "value": float(scipy.special.betainc(a, b, xx))}
                  for a, b, xx in [(0.5, 0.5, 0.3), (2, 3, 0.4), (10, 0.5, 0.9), (0.5, 10, 0.01), (50, 60, 0.45),
                                   (1, 1, 0.77), (3.5, 0.5, 0.999), (200, 0.5, 0.98), (0.1, 0.1, 0.5), (7, 2, 1e-6)]]
out["t"] = [{"t": t, "df": df, "cdf": float(st.t.cdf(t, df)), "sf": float(st.t.sf(t, df)),
             "two_sided": float(2 * st.t.sf(abs(t), df))}
            for t, df in [(0.0, 5), (1.0, 1), (-2.3, 4), (2.776, 4), (0.5, 30), (-4.0, 9), (10.0, 3), (1.96, 1000), (-0.1, 2.5)]]
out["t_ppf"] = [{"q": q, "df": df, "value": float(st.t.ppf(q, df))}
                for q, df in [(0.975, 4), (0.025, 9), (0.995, 2), (0.5, 7), (0.9, 29), (0.999, 1)]]
out["f_sf"] = [{"f": f, "d1": d1, "d2": d2, "value": float(st.f.sf(f, d1, d2))}
               for f, d1, d2 in [(1.0, 3, 12), (4.5, 4, 12), (0.3, 2, 6), (12.0, 5, 20), (2.0, 1, 1)]]

# Paired comparison of two configurations over 10 paired runs (e.g. 2 seeds x 5 folds).
a = [0.81, 0.79, 0.83, 0.80, 0.82, 0.78, 0.84, 0.80, 0.81, 0.83]
b = [0.80, 0.80, 0.81, 0.78, 0.81, 0.78, 0.82, 0.79, 0.82, 0.80]
d = np.subtract(a, b)
n = len(d)
ratio = 1 / 4  # test/train size of 5-fold cross-validation
t_plain = st.ttest_rel(a, b)
t_corr = d.mean() / np.sqrt((1 / n + ratio) * d.var(ddof=1))
out["paired"] = {
    "a": a, "b": b, "test_train_ratio": ratio,
    "wins": int((d > 0).sum()), "ties": int((d == 0).sum()), "mean_difference": float(d.mean()),
    "ttest_rel": {"statistic": float(t_plain.statistic), "pvalue": float(t_plain.pvalue)},
    "corrected": {"statistic": float(t_corr), "df": n - 1, "pvalue": float(2 * st.t.sf(abs(t_corr), n - 1))},
}

# Variance components of a seed x fold table (two-way random effects, one run per cell).
table = np.round(0.8 + rng.normal(0, 0.01, (6, 1)) + rng.normal(0, 0.02, (1, 4)) + rng.normal(0, 0.005, (6, 4)), 5)
I, J = table.shape
m = table.mean()
rows, cols = table.mean(axis=1), table.mean(axis=0)
ss_seed = J * ((rows - m) ** 2).sum()
ss_fold = I * ((cols - m) ** 2).sum()
ss_res = ((table - rows[:, None] - cols[None, :] + m) ** 2).sum()
df_seed, df_fold, df_res = I - 1, J - 1, (I - 1) * (J - 1)
ms_seed, ms_fold, ms_res = ss_seed / df_seed, ss_fold / df_fold, ss_res / df_res
out["variance_components"] = {
    "table": table.tolist(),
    "ms_seed": ms_seed, "ms_fold": ms_fold, "ms_residual": ms_res,
    "seed": max(0.0, (ms_seed - ms_res) / J), "fold": max(0.0, (ms_fold - ms_res) / I), "residual": ms_res,
    "p_seed": float(st.f.sf(ms_seed / ms_res, df_seed, df_res)),
    "p_fold": float(st.f.sf(ms_fold / ms_res, df_fold, df_res)),
    "total_variance_ddof1": float(table.var(ddof=1)),
}

# Prediction churn: share of examples on which two runs disagree = 1 - accuracy_score(one, other).
preds = rng.integers(0, 3, size=(4, 30))
preds[1, :20] = preds[0, :20]
preds[2, :10] = preds[0, :10]
pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
churn = {f"{i}-{j}": float(1 - accuracy_score(preds[i], preds[j])) for i, j in pairs}
counts = np.array([(preds[:, k] == preds[:, k][:, None]).sum(axis=0).max() for k in range(preds.shape[1])])
out["churn"] = {
    "predictions": preds.tolist(), "pairs": churn, "mean_pairwise": float(np.mean(list(churn.values()))),
    "agreement": (counts / preds.shape[0]).tolist(),
}

json.dump(out, sys.stdout, indent=1)
print()
