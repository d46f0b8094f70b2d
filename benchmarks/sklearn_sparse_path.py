#!/usr/bin/python3
"""scikit-learn's lasso path on the sparse CSC matrix X.npz (enet_path with X_offset: its sparse coordinate descent centres
implicitly, as Lasso(fit_intercept=True) does on sparse input), on the comparisons' grid, tol 1e-4; one warm-up, the median
of REPEAT timed runs; one JSON line. Usage: sklearn_sparse_path.py X.npz y.bin [REPEAT [EPS]]"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import enet_path

X = sp.load_npz(sys.argv[1]).tocsc()
n, p = X.shape
y = np.fromfile(sys.argv[2], dtype="<f8")
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
eps = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-3
means = np.asarray(X.mean(axis=0)).ravel()
yc = y - y.mean()


def run():
    return enet_path(X, yc, l1_ratio=1.0, eps=eps, n_alphas=100, tol=1e-4, X_offset=means, X_scale=np.ones(p))


run()
times = []
for _ in range(repeats):
    t = time.perf_counter()
    alphas, coefs, gaps = run()
    times.append(time.perf_counter() - t)
print(json.dumps({"tool": "scikit-learn", "seconds": float(np.median(times)), "min_seconds": min(times),
                  "max_seconds": max(times), "repeat": repeats, "dual_gap": float(gaps[-1]),
                  "nonzero": int(np.count_nonzero(coefs[:, -1]))}))
