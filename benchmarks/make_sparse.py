#!/usr/bin/python3
"""Sparse lasso benchmark data, text-count-like: each entry present with probability DENSITY, value uniform on (0, 1]
(every column's mean is away from 0, so the fits must centre), 20 true non-zeros, noise 0.5.
Writes X.mtx (Matrix Market, what glmnet reads into a dgCMatrix and PenaltyGen with MatrixMarket.Load), X.npz (scipy CSC)
and y.bin (float64). Usage: make_sparse.py ROWS COLS DENSITY OUTDIR [SEED]"""
import os
import sys

import numpy as np
import scipy.io
import scipy.sparse as sp

n, p, density, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
rng = np.random.default_rng(seed)
# Each column: Binomial(n, density) distinct rows (Generator.choice draws them without building a permutation of n).
counts = rng.binomial(n, density, size=p)
indptr = np.concatenate([[0], np.cumsum(counts)])
indices = np.concatenate([np.sort(rng.choice(n, k, replace=False)) for k in counts])
X = sp.csc_matrix((1.0 - rng.uniform(size=indptr[-1]), indices, indptr), shape=(n, p))
beta = np.zeros(p)
support = rng.choice(p, 20, replace=False)
beta[support] = rng.choice([-1.0, 1.0], 20) * rng.uniform(2.0, 6.0, 20)
y = X @ beta + 0.5 * rng.standard_normal(n)
os.makedirs(out, exist_ok=True)
scipy.io.mmwrite(os.path.join(out, "X.mtx"), X, precision=17)
sp.save_npz(os.path.join(out, "X.npz"), X)
y.astype("<f8").tofile(os.path.join(out, "y.bin"))
