#!/usr/bin/python3
"""scikit-learn's LassoCV on the same files: KFold(FOLDS) without shuffling, 100 alphas down to EPS * alpha_max, tol 1e-4,
n_jobs=JOBS (threads); timed in process after one warm-up run (the median of REPEAT timed runs). Prints one JSON line.
Usage: sklearn_cv.py X.bin y.bin ROWS COLS FOLDS [REPEAT [EPS [JOBS]]]"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LassoCV
from sklearn.model_selection import KFold

xfile, yfile, n, p, folds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
repeats = int(sys.argv[6]) if len(sys.argv) > 6 else 1
eps = float(sys.argv[7]) if len(sys.argv) > 7 else 1e-3
jobs = int(sys.argv[8]) if len(sys.argv) > 8 else 1
X = np.asfortranarray(np.fromfile(xfile, dtype="<f8").reshape((n, p), order="F"))
y = np.fromfile(yfile, dtype="<f8")


def run():
    return LassoCV(eps=eps, n_alphas=100, tol=1e-4, cv=KFold(folds), n_jobs=jobs).fit(X, y)


run()
times = []
for _ in range(repeats):
    t = time.perf_counter()
    model = run()
    times.append(time.perf_counter() - t)
mse = model.mse_path_.mean(axis=1)
index = int(np.argmin(mse))
print(json.dumps({"tool": "scikit-learn" if jobs == 1 else "scikit-learn-%dj" % jobs, "seconds": float(np.median(times)),
                  "min_seconds": min(times), "max_seconds": max(times), "repeat": repeats, "alpha_min": float(model.alpha_),
                  "index_min": index, "mean_error_min": float(mse[index]), "nonzero": int(np.count_nonzero(model.coef_))}))
