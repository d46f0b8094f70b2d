#!/usr/bin/python3
"""Dense correlated lasso benchmark data: AR(1) columns (rho 0.5), 20 true non-zeros, noise 0.5.
Writes X.bin (float64, column-major), y.bin (float64), and labels.bin (float64 0/1) for the logistic comparison:
y_i ~ Bernoulli(sigmoid(x_i'beta / 2)) with the same beta. Usage: [RHO=0.5 NOISE=0.5 NONZERO=20] make_data.py ROWS COLS OUTDIR [SEED]
(the environment variables vary the design for benchmarks/matrix.sh; their defaults are the issue's data)."""
import os
import sys

import numpy as np

n, p, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
rng = np.random.RandomState(seed)
rho = float(os.environ.get("RHO", "0.5"))
noise = float(os.environ.get("NOISE", "0.5"))
nonzero = int(os.environ.get("NONZERO", "20"))
X = np.empty((n, p), order="F")
X[:, 0] = rng.standard_normal(n)
scale = np.sqrt(1 - rho * rho)
for j in range(1, p):
    X[:, j] = rho * X[:, j - 1] + scale * rng.standard_normal(n)
beta = np.zeros(p)
support = rng.choice(p, nonzero, replace=False)
beta[support] = rng.choice([-1.0, 1.0], nonzero) * rng.uniform(0.5, 2.0, nonzero)
y = X @ beta + noise * rng.standard_normal(n)
os.makedirs(out, exist_ok=True)
X.ravel(order="F").astype("<f8").tofile(os.path.join(out, "X.bin"))
y.astype("<f8").tofile(os.path.join(out, "y.bin"))
labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-0.5 * (X @ beta)))).astype("<f8")
labels.tofile(os.path.join(out, "labels.bin"))
