"""Writes sklearn_reference.json: scikit-learn's metrics on fixed predictions, for MetricAccumulator's tests.

Run with Debian's Python after `apt-get install python3-sklearn`:  /usr/bin/python3 make_reference.py
The C# tests read the committed JSON (inputs and expected numbers) and never need Python.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
                             precision_recall_fscore_support, top_k_accuracy_score)


def case(name, classes, y_true, scores=None, y_pred=None, k=None):
    """Metrics of one fixed prediction set. Predictions are the arg max of the scores when scores are given."""
    y_true = np.asarray(y_true)
    if scores is not None:
        # Rounded so that the JSON holds the exact inputs; rows must have no ties (arg max / top-k are then unique).
        scores = np.round(np.asarray(scores), 4)
        assert all(len(set(row)) == len(row) for row in scores.tolist()), "tied scores"
        y_pred = scores.argmax(axis=1)
    y_pred = np.asarray(y_pred)
    labels = list(range(classes))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    result = {
        "name": name,
        "classes": classes,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "scores": None if scores is None else scores.tolist(),
        "k": k,
        "accuracy": accuracy_score(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "top_k_accuracy": None if scores is None else top_k_accuracy_score(y_true, scores, k=k, labels=labels),
    }
    for average in ("macro", "micro", "weighted"):
        # labels=None (scikit-learn's default): averages over the classes present in y_true or y_pred.
        ap, ar, af, _ = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
        result[average] = {"precision": ap, "recall": ar, "f1": af}
    return result


def main():
    rng = np.random.RandomState(20261204)
    cases = []
    # 4 classes, class 3 occurs in y_true but is never predicted (its precision is 0/0 -> 0).
    y_true = rng.randint(0, 4, size=60)
    y_pred = np.where(rng.rand(60) < 0.6, y_true, rng.randint(0, 3, size=60))
    y_pred[y_pred == 3] = 0
    cases.append(case("never_predicted_class", 4, y_true, y_pred=y_pred))
    # 5 classes, class 4 absent from both y_true and predictions; scores give top-2 accuracy.
    y_true = rng.randint(0, 4, size=50)
    scores = rng.rand(50, 5)
    scores[np.arange(50), y_true] += rng.rand(50) * 0.8
    scores[:, 4] = -1.0
    cases.append(case("absent_class_with_scores", 5, y_true, scores=scores, k=2))
    # 10 classes from noisy scores, top-5 accuracy; a class predicted but never true.
    y_true = rng.randint(0, 9, size=300)
    scores = rng.randn(300, 10)
    scores[np.arange(300), y_true] += 1.2
    cases.append(case("ten_classes_top5", 10, y_true, scores=scores, k=5))
    head = {"sklearn_version": sklearn.__version__, "python": sys.version.split()[0]}
    with open("sklearn_reference.json", "w") as f:  # one case per line: readable diffs, small file
        f.write(json.dumps(head)[:-1] + ', "cases": [\n' + ",\n".join(json.dumps(c) for c in cases) + "\n]}\n")


if __name__ == "__main__":
    main()
