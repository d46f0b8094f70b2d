#!/usr/bin/python3
"""Reference numbers from scikit-learn itself, committed as JSON fixtures.

Run with Debian's python3 (apt-get install python3-sklearn), not with whatever python3 comes first
on PATH:  /usr/bin/python3 tests/reference/generate.py
Tests read the JSON files this writes; they never call Python.
"""
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write(name, payload):
    payload = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", name)


def diabetes_resource():
    """The 442x10 table as scikit-learn ships it, plus the target, as one CSV with a header."""
    raw = load_diabetes(scaled=False)
    path = os.path.join(ROOT, "src", "PenaltyGen", "Data", "Resources", "diabetes.csv")
    with open(path, "w") as f:
        f.write(",".join(list(raw.feature_names) + ["target"]) + "\n")
        for row, t in zip(raw.data, raw.target):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(t)) + "\n")
    print("wrote", os.path.relpath(path, ROOT))


def diabetes():
    raw = load_diabetes(scaled=False)
    scaled = load_diabetes()
    X = scaled.data
    write("diabetes.json", {
        "feature_names": list(scaled.feature_names),
        "shape": list(X.shape),
        "raw_row0": raw.data[0].tolist(),
        "scaled": X.T.tolist(),  # column-major: one list per feature
        "column_norms": np.linalg.norm(X, axis=0).tolist(),
        "target": scaled.target.tolist(),
    })


def random_state():
    perms = []
    for seed in [0, 1, 42, 123, 2024, 4294967295]:
        for n in [1, 2, 5, 10, 100, 442, 1000]:
            perms.append({"seed": seed, "n": n,
                          "permutation": np.random.RandomState(seed).permutation(n).tolist()})
    splits = []
    for seed in [0, 7, 42, 99]:
        for n in [10, 97, 442]:
            for test_size in [0.1, 0.2, 0.25, 0.33, 0.5]:
                idx = np.arange(n)
                tr, te = train_test_split(idx, test_size=test_size, random_state=seed)
                splits.append({"seed": seed, "n": n, "test_size": test_size,
                               "train": tr.tolist(), "test": te.tolist()})
    raws = {str(seed): [int(v) for v in np.random.RandomState(seed).randint(0, 2**32, size=10, dtype=np.uint64)]
            for seed in [0, 42]}
    write("random.json", {"permutations": perms, "splits": splits, "uint32_draws": raws})


def metrics():
    rng = np.random.RandomState(3)
    cases = []
    for n in [2, 5, 50]:
        y = rng.normal(size=n) * 10 + 3
        p = y + rng.normal(size=n)
        cases.append({"y_true": y.tolist(), "y_pred": p.tolist()})
    cases.append({"y_true": [1.0, 1.0, 1.0], "y_pred": [1.0, 1.0, 1.0]})   # constant, perfect -> 1
    cases.append({"y_true": [1.0, 1.0, 1.0], "y_pred": [1.0, 2.0, 1.0]})   # constant, imperfect -> 0
    cases.append({"y_true": [3.0, -1.0, 2.0, 7.0], "y_pred": [10.0, 10.0, 10.0, 10.0]})  # negative R2
    for c in cases:
        c["r2"] = r2_score(c["y_true"], c["y_pred"])
        c["mse"] = mean_squared_error(c["y_true"], c["y_pred"])
    grids = []
    for start, stop, num in [(-4, 0, 30), (0, 3, 7), (-3, 2, 100), (1, 1, 1), (2, -2, 9), (-4.5, 0.25, 2)]:
        grids.append({"start": start, "stop": stop, "num": num,
                      "values": np.logspace(start, stop, num).tolist()})
    write("metrics.json", {"cases": cases, "logspace": grids})


FIXTURES = {"diabetes-resource": diabetes_resource, "diabetes": diabetes,
            "random": random_state, "metrics": metrics}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(FIXTURES)
    for name in wanted:
        FIXTURES[name]()
