#!/usr/bin/python3
"""Lasso benchmark data made independently of make_data.py, for the broadened matrix (benchmarks/broad.sh).
DESIGN is one of
  ar:RHO        AR(1) columns, corr(x_j, x_k) = RHO^|j-k|
  block:RHO:B   blocks of B equicorrelated columns (correlation RHO inside a block, 0 across)
  equi:RHO      every pair of columns correlated RHO (one shared factor)
  poly:DEGREE   the Diabetes features (442 rows, scikit-learn's copy) and all their products up to DEGREE, each column
                standardized, ROWS rows drawn with replacement plus small jitter (a real-data-like design: strongly
                correlated, heavy-tailed, ill-conditioned); COLS must not exceed the expansion's width
K true non-zero coefficients (random positions, signs, magnitudes 0.5-2), noise SNR: sigma chosen so that
var(X beta) / sigma^2 = SNR. Seeded by SEED (default 1; make_data.py's seeds start at 0).
Writes X.bin (float64, column-major) and y.bin (float64).
Usage: make_broad.py DESIGN ROWS COLS K SNR OUTDIR [SEED]"""
import os
import sys
from itertools import combinations_with_replacement

import numpy as np

design, n, p, k, snr, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
rng = np.random.default_rng(int(sys.argv[7]) if len(sys.argv) > 7 else 1)
kind, *params = design.split(":")
if kind == "ar":
    rho = float(params[0])
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho * rho) * rng.standard_normal(n)
elif kind == "block":
    rho, size = float(params[0]), int(params[1])
    factors = rng.standard_normal((n, (p + size - 1) // size))
    X = np.asfortranarray(np.sqrt(rho) * np.repeat(factors, size, axis=1)[:, :p] + np.sqrt(1 - rho) * rng.standard_normal((n, p)))
elif kind == "equi":
    rho = float(params[0])
    X = np.asfortranarray(np.sqrt(rho) * rng.standard_normal((n, 1)) + np.sqrt(1 - rho) * rng.standard_normal((n, p)))
elif kind == "poly":
    from sklearn.datasets import load_diabetes
    base = load_diabetes().data
    base = (base - base.mean(axis=0)) / base.std(axis=0)
    columns = [np.prod(base[:, list(c)], axis=1) for d in range(1, int(params[0]) + 1)
               for c in combinations_with_replacement(range(base.shape[1]), d)]
    if p > len(columns):
        sys.exit(f"error: poly:{params[0]} has {len(columns)} columns, asked for {p}")
    full = np.column_stack(columns[:p])
    full = (full - full.mean(axis=0)) / np.where(full.std(axis=0) > 0, full.std(axis=0), 1.0)
    rows = rng.integers(0, full.shape[0], n)
    X = np.asfortranarray(full[rows] + 0.05 * rng.standard_normal((n, p)))
else:
    sys.exit(f"error: unknown design {design}")
beta = np.zeros(p)
support = rng.choice(p, k, replace=False)
beta[support] = rng.choice([-1.0, 1.0], k) * rng.uniform(0.5, 2.0, k)
signal = X @ beta
sigma = np.sqrt(signal.var() / snr)
y = signal + sigma * rng.standard_normal(n)
os.makedirs(out, exist_ok=True)
X.ravel(order="F").astype("<f8").tofile(os.path.join(out, "X.bin"))
y.astype("<f8").tofile(os.path.join(out, "y.bin"))
