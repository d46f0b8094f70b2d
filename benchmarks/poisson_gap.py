#!/usr/bin/python3
"""The duality gap of an l1-penalized Poisson regression (log link) with an unpenalized intercept, from its coefficients:
P(w, b) = (1/n) sum exp(eta) - y eta + alpha ||w||_1 (eta = Xw + b), and the dual point u = c (y - mu),
c = min(1, n alpha / ||X'(y - mu)||_inf), whose value is (1/n) sum q - q log q with q = y - u = (1 - c) y + c mu > 0
(the conjugate of exp(eta) - y eta; feasible when sum(y - mu) = 0, i.e. the intercept is optimal for w: b is first set to
log(sum y / sum exp(Xw)), which only lowers P). Used by compare_poisson.sh for every tool alike.
Usage (library): gap(X, y, alpha, w, b) -> (gap, primal); target(y) -> 1e-4 * (half the null model's mean deviance)."""
import numpy as np


def gap(X, y, alpha, w, b):
    n = len(y)
    xw = X @ w
    b = np.log(y.sum() / np.exp(xw).sum())
    eta = xw + b
    mu = np.exp(eta)
    primal = np.mean(mu - y * eta) + alpha * np.abs(w).sum()
    r = y - mu
    norm = np.max(np.abs(X.T @ r))
    c = min(1.0, n * alpha / norm) if norm > 0 else 1.0
    q = (1 - c) * y + c * mu
    dual = np.mean(q - q * np.log(q))
    return primal - dual, primal


def target(y):
    m = y.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        deviance = 2 * np.mean(np.where(y > 0, y * np.log(y / m), 0.0) - (y - m))
    return 1e-4 * deviance / 2
