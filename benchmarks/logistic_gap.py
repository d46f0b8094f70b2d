#!/usr/bin/python3
"""The duality gap of an l1-penalized logistic regression with an unpenalized intercept, from its coefficients:
P(w, b) = (1/n) sum log(1 + e^eta) - y eta + alpha ||w||_1 (eta = Xw + b), and the dual point v = c (y - p),
c = min(1, n alpha / ||X'(y - p)||_inf), whose value is (1/n) sum H(y - v) (H the binary entropy in nats; feasible
when sum(y - p) = 0, i.e. the intercept is optimal for w: b is first polished by Newton steps on b alone, which
only lowers P). Used by compare_logistic.sh for every tool alike.
Usage (library): gap(X, y, alpha, w, b) -> (gap, primal); target(y) -> 1e-4 * P(0, b*)."""
import numpy as np


def _entropy(q):
    q = np.clip(q, 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(np.where(q > 0, q * np.log(q), 0.0) + np.where(q < 1, (1 - q) * np.log1p(-q), 0.0))
    return h


def _polish(xw, y, b):
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xw + b)))
        g, h = np.sum(p - y), np.sum(p * (1 - p))
        if h <= 0 or abs(g) <= 1e-15 * len(y):
            break
        b -= g / h
    return b


def gap(X, y, alpha, w, b):
    n = len(y)
    xw = X @ w
    b = _polish(xw, y, b)
    eta = xw + b
    p = 1 / (1 + np.exp(-eta))
    primal = np.mean(np.logaddexp(0, eta) - y * eta) + alpha * np.abs(w).sum()
    r = y - p
    r -= r.mean()
    norm = np.max(np.abs(X.T @ r))
    c = min(1.0, n * alpha / norm) if norm > 0 else 1.0
    dual = np.mean(_entropy(y - c * r))
    return primal - dual, primal


def target(y):
    m = y.mean()
    return 1e-4 * float(-(m * np.log(m) + (1 - m) * np.log(1 - m)))
