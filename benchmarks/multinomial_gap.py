#!/usr/bin/python3
"""The duality gap of an l1-penalized multinomial regression (ungrouped, K classes) with unpenalized intercepts, from its
coefficients W (K x p) and intercepts b: P(W, b) = (1/n) sum_i [log sum_k exp(eta_ik) - eta_i,y_i] + alpha ||W||_1
(eta = X W' + b), and the dual point theta = c (Y - P)/n, c = min(1, n alpha / max|X'(Y - P)|), whose value is the
entropy -(1/n) sum_i sum_k q_ik log q_ik of q = c P + (1 - c) Y (each row in the simplex: the conjugate of the softmax
loss). Feasible when sum_i (Y - P)_ik = 0 for every k, i.e. the intercepts are optimal for W: they are first re-optimized
(Newton steps on b alone), which only lowers P. Used by compare_multinomial.sh for every tool alike.
Usage (library): alpha_max(X, y) (the grid's start: max |X'(Y - pi)|/n at the null model); gap(X, y, alpha, W, b) -> (gap,
primal); target(y) -> 1e-4 * the null model's mean loss (the entropy of the class shares)."""
import numpy as np


def _onehot(y):
    classes = np.unique(y)
    return (y[:, None] == classes[None, :]).astype(float)


def _softmax(eta):
    e = np.exp(eta - eta.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def alpha_max(X, y):
    Y = _onehot(y)
    return np.max(np.abs(X.T @ (Y - Y.mean(axis=0)))) / len(y)


def gap(X, y, alpha, W, b):
    n = len(y)
    Y = _onehot(y)
    W = np.atleast_2d(W)
    xw = X @ W.T
    b = np.array(b, dtype=float)
    for _ in range(50):
        P = _softmax(xw + b)
        g = (P - Y).mean(axis=0)
        if np.max(np.abs(g)) < 1e-15:
            break
        H = (np.diag(P.sum(axis=0)) - P.T @ P) / n
        b = b - np.linalg.lstsq(H, g, rcond=None)[0]
    eta = xw + b
    P = _softmax(eta)
    lse = np.log(np.exp(eta - eta.max(axis=1, keepdims=True)).sum(axis=1)) + eta.max(axis=1)
    primal = np.mean(lse - (eta * Y).sum(axis=1)) + alpha * np.abs(W).sum()
    norm = np.max(np.abs(X.T @ (Y - P)))
    c = min(1.0, n * alpha / norm) if norm > 0 else 1.0
    q = c * P + (1 - c) * Y
    with np.errstate(divide="ignore", invalid="ignore"):
        dual = -np.mean(np.where(q > 0, q * np.log(q), 0.0).sum(axis=1))
    return primal - dual, primal


def target(y):
    shares = _onehot(y).mean(axis=0)
    return 1e-4 * -(shares * np.log(shares)).sum()
