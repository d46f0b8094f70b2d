#!/usr/bin/python3
"""scikit-learn's lasso_path on the same files, timed in process after one warm-up run (the median of REPEAT
timed runs, default 1). Prints one JSON line. Usage: sklearn_path.py X.bin y.bin ROWS COLS [REPEAT [EPS]]"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import lasso_path

xfile, yfile, n, p = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
eps = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-3
X = np.fromfile(xfile, dtype="<f8").reshape((n, p), order="F")
y = np.fromfile(yfile, dtype="<f8")
Xc = np.asfortranarray(X - X.mean(axis=0))
yc = y - y.mean()


def run():
    return lasso_path(Xc, yc, eps=eps, n_alphas=100, tol=1e-4)


run()
times = []
for _ in range(repeats):
    t = time.perf_counter()
    alphas, coefs, gaps = run()
    times.append(time.perf_counter() - t)
print(json.dumps({"tool": "scikit-learn", "seconds": float(np.median(times)), "min_seconds": min(times),
                  "max_seconds": max(times), "repeat": repeats, "dual_gap": float(gaps[-1]),
                  "nonzero": int(np.count_nonzero(coefs[:, -1]))}))
