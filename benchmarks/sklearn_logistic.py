#!/usr/bin/python3
"""scikit-learn on the logistic comparison: LogisticRegression(penalty="l1", solver="saga", warm_start=True) along the
same grid (C = 1/(n alpha); saga is scikit-learn's solver for an l1 penalty with an unpenalized intercept). Its tol
(on the change of the coefficients) is tightened until the last alpha's duality gap (logistic_gap.py) is within
1e-4 * P(0); then timed in process after one warm-up, the median of REPEAT runs. Prints one JSON line.
Usage: sklearn_logistic.py X.bin labels.bin ROWS COLS [REPEAT [EPS]]"""
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logistic_gap  # noqa: E402

n, p = int(sys.argv[3]), int(sys.argv[4])
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
eps = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-2
X = np.fromfile(sys.argv[1], dtype="<f8").reshape((p, n)).T
y = np.fromfile(sys.argv[2], dtype="<f8")
alpha_max = np.max(np.abs(X.T @ (y - y.mean()))) / n
alphas = np.logspace(np.log10(alpha_max), np.log10(alpha_max * eps), 100)
warnings.simplefilter("ignore", ConvergenceWarning)


def run(tol):
    model = LogisticRegression(penalty="l1", solver="saga", warm_start=True, tol=tol, max_iter=100000)
    for a in alphas:
        model.set_params(C=1.0 / (n * a))
        model.fit(X, y)
    return model.coef_.ravel().copy(), float(model.intercept_[0])


target = logistic_gap.target(y)
tol = 1e-4
while True:
    w, b = run(tol)
    g, primal = logistic_gap.gap(X, y, alphas[-1], w, b)
    if g <= target or tol < 1e-10:
        break
    tol /= 10
times = []
for _ in range(repeats):
    t = time.perf_counter()
    w, b = run(tol)
    times.append(time.perf_counter() - t)
g, primal = logistic_gap.gap(X, y, alphas[-1], w, b)
print(json.dumps({"tool": "scikit-learn", "seconds": float(np.median(times)), "min_seconds": min(times), "max_seconds": max(times),
                  "repeat": repeats, "dual_gap": g, "objective": primal, "nonzero": int(np.count_nonzero(w)), "tol": tol}))
