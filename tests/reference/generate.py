#!/usr/bin/python3
"""Reference numbers from scikit-learn itself, committed as JSON fixtures.

Run with Debian's python3 (apt-get install python3-sklearn), not with whatever python3 comes first
on PATH:  /usr/bin/python3 tests/reference/generate.py
Tests read the JSON files this writes; they never call Python.
"""
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write(name, payload):
    payload = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", name)


def glmnet_lines(script, table):
    """Runs tests/reference/SCRIPT (Rscript; needs r-cran-glmnet) on TABLE written as a header-less CSV (17 significant
    digits) and returns the lines it writes."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "in.csv")
        out = os.path.join(tmp, "out.txt")
        np.savetxt(data, table, delimiter=",", fmt="%.17g")
        subprocess.run(["Rscript", os.path.join(HERE, script), data, out], check=True)
        return open(out).read().splitlines()


def diabetes_resource():
    """The 442x10 table as scikit-learn ships it, plus the target, as one CSV with a header."""
    raw = load_diabetes(scaled=False)
    path = os.path.join(ROOT, "src", "PenaltyGen", "Data", "Resources", "diabetes.csv")
    with open(path, "w") as f:
        f.write(",".join(list(raw.feature_names) + ["target"]) + "\n")
        for row, t in zip(raw.data, raw.target):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(t)) + "\n")
    print("wrote", os.path.relpath(path, ROOT))


def diabetes():
    raw = load_diabetes(scaled=False)
    scaled = load_diabetes()
    X = scaled.data
    write("diabetes.json", {
        "feature_names": list(scaled.feature_names),
        "shape": list(X.shape),
        "raw_row0": raw.data[0].tolist(),
        "scaled": X.T.tolist(),  # column-major: one list per feature
        "column_norms": np.linalg.norm(X, axis=0).tolist(),
        "target": scaled.target.tolist(),
    })


def random_state():
    perms = []
    for seed in [0, 1, 42, 123, 2024, 4294967295]:
        for n in [1, 2, 5, 10, 100, 442, 1000]:
            perms.append({"seed": seed, "n": n,
                          "permutation": np.random.RandomState(seed).permutation(n).tolist()})
    splits = []
    for seed in [0, 7, 42, 99]:
        for n in [10, 97, 442]:
            for test_size in [0.1, 0.2, 0.25, 0.33, 0.5]:
                idx = np.arange(n)
                tr, te = train_test_split(idx, test_size=test_size, random_state=seed)
                splits.append({"seed": seed, "n": n, "test_size": test_size,
                               "train": tr.tolist(), "test": te.tolist()})
    raws = {str(seed): [int(v) for v in np.random.RandomState(seed).randint(0, 2**32, size=10, dtype=np.uint64)]
            for seed in [0, 42]}
    write("random.json", {"permutations": perms, "splits": splits, "uint32_draws": raws})


def metrics():
    rng = np.random.RandomState(3)
    cases = []
    for n in [2, 5, 50]:
        y = rng.normal(size=n) * 10 + 3
        p = y + rng.normal(size=n)
        cases.append({"y_true": y.tolist(), "y_pred": p.tolist()})
    cases.append({"y_true": [1.0, 1.0, 1.0], "y_pred": [1.0, 1.0, 1.0]})   # constant, perfect -> 1
    cases.append({"y_true": [1.0, 1.0, 1.0], "y_pred": [1.0, 2.0, 1.0]})   # constant, imperfect -> 0
    cases.append({"y_true": [3.0, -1.0, 2.0, 7.0], "y_pred": [10.0, 10.0, 10.0, 10.0]})  # negative R2
    for c in cases:
        c["r2"] = r2_score(c["y_true"], c["y_pred"])
        c["mse"] = mean_squared_error(c["y_true"], c["y_pred"])
    grids = []
    for start, stop, num in [(-4, 0, 30), (0, 3, 7), (-3, 2, 100), (1, 1, 1), (2, -2, 9), (-4.5, 0.25, 2)]:
        grids.append({"start": start, "stop": stop, "num": num,
                      "values": np.logspace(start, stop, num).tolist()})
    write("metrics.json", {"cases": cases, "logspace": grids})


def _fit(model, X, y):
    model.fit(X, y)
    return {"coef": model.coef_.tolist(), "intercept": float(model.intercept_),
            "n_iter": int(getattr(model, "n_iter_", 0) or 0),
            "dual_gap": float(model.dual_gap_) if hasattr(model, "dual_gap_") else None}


def _synthetic():
    """Small problems with the shapes that stress a solver: correlated columns, a constant column, p > n."""
    rng = np.random.RandomState(0)
    out = {}
    n, p = 60, 8
    z = rng.normal(size=(n, p))
    X = np.empty_like(z)
    X[:, 0] = z[:, 0]
    for j in range(1, p):  # AR(1) columns, rho = 0.8
        X[:, j] = 0.8 * X[:, j - 1] + 0.6 * z[:, j]
    w = np.array([3, -2, 0, 0, 1.5, 0, 0, 0.5])
    out["correlated"] = (X, X @ w + 0.5 * rng.normal(size=n) + 4.0)
    Xc = rng.normal(size=(40, 5))
    Xc[:, 2] = 7.0  # a constant column
    out["constant_column"] = (Xc, Xc @ np.array([1.0, 0, 0, -2, 0.5]) + rng.normal(size=40))
    Xw = rng.normal(size=(20, 50))
    out["wide"] = (Xw, Xw[:, :3] @ np.array([2.0, -1.0, 1.0]) + 0.1 * rng.normal(size=20))
    return out


def parity():
    """Lasso, ElasticNet and Ridge solved tight and at the default tolerance, on Diabetes and synthetic data."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    datasets = {"diabetes": (load_diabetes().data, load_diabetes().target)}
    datasets.update(_synthetic())
    cases = []
    for name, (X, y) in datasets.items():
        for alpha in [0.001, 0.01, 0.1, 1.0]:
            for tight in [True, False]:
                kw = {"tol": 1e-12, "max_iter": 1000000} if tight else {}
                cases.append({"data": name, "model": "lasso", "alpha": alpha, "l1_ratio": 1.0, "tight": tight,
                              **_fit(Lasso(alpha=alpha, **kw), X, y)})
                for r in [0.1, 0.5, 0.9]:
                    cases.append({"data": name, "model": "elasticnet", "alpha": alpha, "l1_ratio": r, "tight": tight,
                                  **_fit(ElasticNet(alpha=alpha, l1_ratio=r, **kw), X, y)})
        for alpha in [0.01, 0.1, 1.0, 10.0]:
            cases.append({"data": name, "model": "ridge", "alpha": alpha, "l1_ratio": 0.0, "tight": True,
                          **_fit(Ridge(alpha=alpha), X, y)})
    data = {k: {"X": v[0].T.tolist(), "y": v[1].tolist()} for k, v in datasets.items() if k != "diabetes"}
    write("parity.json", {"datasets": data, "cases": cases})


def paths():
    """lasso_path / enet_path: the automatic grid (eps 1e-3, 100 alphas) and tight coefficients."""
    from sklearn.linear_model import enet_path, lasso_path
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    out = []
    for model, r in [("lasso", 1.0), ("elasticnet", 0.5), ("elasticnet", 0.2)]:
        alphas, coefs, gaps = enet_path(Xc, yc, l1_ratio=r, eps=1e-3, n_alphas=100, tol=1e-12, max_iter=100000)
        out.append({"model": model, "l1_ratio": r, "alphas": alphas.tolist(), "coefs": coefs.T.tolist()})
    write("paths.json", {"paths": out})


def logistic():
    """LogisticRegression l1 / l2 / elasticnet with saga at tol 1e-12 on a standardized dataset."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X[:, :8])
    cases = []
    for penalty, r in [("l1", None), ("l2", None), ("elasticnet", 0.5)]:
        for C in [0.1, 1.0]:
            m = LogisticRegression(penalty=penalty, C=C, l1_ratio=r, solver="saga", tol=1e-12, max_iter=1000000, random_state=0)
            m.fit(X, y)
            cases.append({"penalty": penalty, "C": C, "l1_ratio": r, "coef": m.coef_[0].tolist(),
                          "intercept": float(m.intercept_[0]), "accuracy": float(m.score(X, y))})
    # sample_weight: saga's loss is C·Σ s_i ℓ_i (the weights are not rescaled).
    sw = np.random.RandomState(3).uniform(0.2, 3.0, X.shape[0])
    weighted = []
    for penalty, r in [("l1", None), ("l2", None), ("elasticnet", 0.5)]:
        for intercept in [True, False]:
            m = LogisticRegression(penalty=penalty, C=0.5, l1_ratio=r, solver="saga", tol=1e-12, max_iter=1000000, random_state=0,
                                   fit_intercept=intercept)
            m.fit(X, y, sample_weight=sw)
            weighted.append({"penalty": penalty, "C": 0.5, "l1_ratio": r, "fit_intercept": intercept,
                             "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])})
    write("logistic.json", {"X": X.T.tolist(), "y": y.astype(float).tolist(), "cases": cases,
                            "sample_weight": sw.tolist(), "weighted": weighted})


def sweep():
    """The seed article: 30 alphas of Lasso and Ridge (and ElasticNet 0.5) on the Diabetes split."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    alphas = np.logspace(-4, 0, 30)
    models = {"l1": lambda a: Lasso(alpha=a), "l2": lambda a: Ridge(alpha=a),
              "elasticnet": lambda a: ElasticNet(alpha=a, l1_ratio=0.5)}
    out = {}
    for name, make in models.items():
        rows = []
        for a in alphas:
            m = make(a).fit(X_train, y_train)
            rows.append({"alpha": float(a), "train_r2": m.score(X_train, y_train), "test_r2": m.score(X_test, y_test),
                         "intercept": float(m.intercept_), "coef": m.coef_.tolist(),
                         "n_iter": int(getattr(m, "n_iter_", 0) or 0)})
        out[name] = rows
    write("sweep.json", {"alphas": alphas.tolist(), "models": out})


def cli():
    """What `penaltygen` must print for the raw Diabetes CSV (the library's own resource) and a logistic CSV."""
    from sklearn.linear_model import ElasticNet, Lasso, LassoCV, LogisticRegression, Ridge
    from sklearn.linear_model._coordinate_descent import _alpha_grid
    from sklearn.model_selection import KFold
    raw = np.loadtxt(os.path.join(ROOT, "src", "PenaltyGen", "Data", "Resources", "diabetes.csv"), delimiter=",", skiprows=1)
    X, y = raw[:, :10], raw[:, 10]
    fits = {
        "lasso": _fit(Lasso(alpha=0.1), X, y),
        "elasticnet": _fit(ElasticNet(alpha=0.01, l1_ratio=0.5), X, y),
        "ridge": _fit(Ridge(alpha=1.0), X, y),
    }
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, random_state=42)
    grid = _alpha_grid(X_train, y_train, n_alphas=20, eps=1e-3)
    cv = LassoCV(n_alphas=50, cv=KFold(5), tol=1e-10, max_iter=100000).fit(X, y)
    lg = json.load(open(os.path.join(HERE, "logistic.json")))
    Xl, yl = np.array(lg["X"]).T, np.array(lg["y"])
    with open(os.path.join(HERE, "logistic.csv"), "w") as f:
        f.write(",".join([f"f{j}" for j in range(Xl.shape[1])] + ["label"]) + "\n")
        for row, t in zip(Xl, yl):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(t)) + "\n")
    m = LogisticRegression(penalty="l1", C=0.5, solver="saga", tol=1e-12, max_iter=1000000, random_state=0).fit(Xl, yl)
    # The same with a weight column (taken out of the features by --sample-weight).
    sw = np.array(lg["sample_weight"])
    with open(os.path.join(HERE, "logistic_weighted.csv"), "w") as f:
        f.write(",".join([f"f{j}" for j in range(Xl.shape[1])] + ["weight", "label"]) + "\n")
        for row, w, t in zip(Xl, sw, yl):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(w)) + "," + repr(float(t)) + "\n")
    mw = LogisticRegression(penalty="l1", C=0.5, solver="saga", tol=1e-12, max_iter=1000000, random_state=0).fit(Xl, yl, sample_weight=sw)
    write("cli.json", {"fits": fits, "path_grid_train": grid.tolist(),
                       "lassocv": {"alphas": cv.alphas_.tolist(), "mse_mean": cv.mse_path_.mean(axis=1).tolist(), "alpha": float(cv.alpha_)},
                       "logistic_l1_C0.5": {"coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])},
                       "logistic_l1_C0.5_weighted": {"coef": mw.coef_[0].tolist(), "intercept": float(mw.intercept_[0])}})


def cli_positive():
    """scikit-learn's positive=True for Lasso, ElasticNet and Ridge on the raw Diabetes CSV (`penaltygen fit --positive`)."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    raw = np.loadtxt(os.path.join(ROOT, "src", "PenaltyGen", "Data", "Resources", "diabetes.csv"), delimiter=",", skiprows=1)
    X, y = raw[:, :10], raw[:, 10]
    tight = dict(tol=1e-12, max_iter=1000000)
    write("cli_positive.json", {"fits": {
        "lasso": _fit(Lasso(alpha=0.1, positive=True, **tight), X, y),
        "elasticnet": _fit(ElasticNet(alpha=0.01, l1_ratio=0.5, positive=True, **tight), X, y),
        "ridge": _fit(Ridge(alpha=1.0, positive=True, solver="lbfgs", tol=1e-12, max_iter=1000000), X, y)}})


def weighted():
    """sample_weight: Lasso, ElasticNet (tight) and Ridge on Diabetes with uneven weights, with and without intercept."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge
    X, y = load_diabetes(return_X_y=True)
    sw = np.random.RandomState(5).uniform(0.1, 3.0, X.shape[0])
    tight = {"tol": 1e-12, "max_iter": 1000000}
    cases = []
    for intercept in [True, False]:
        for name, model in [("lasso", Lasso(alpha=0.1, fit_intercept=intercept, **tight)),
                            ("elasticnet", ElasticNet(alpha=0.01, l1_ratio=0.5, fit_intercept=intercept, **tight)),
                            ("ridge", Ridge(alpha=1.0, fit_intercept=intercept))]:
            model.fit(X, y, sample_weight=sw)
            cases.append({"model": name, "fit_intercept": intercept, "coef": model.coef_.tolist(), "intercept": float(model.intercept_)})
    write("weighted.json", {"sample_weight": sw.tolist(), "cases": cases})


def tall_data(n=400, p=150):
    """Tall AR(1) data the C# tests rebuild from the same MT19937 draws (RandomState(11), uint32 draws / 2^32 - 0.5):
    column j = 0.5 * column j-1 + uniform, 10 true non-zeros, uniform noise."""
    draws = np.random.RandomState(11).randint(0, 2**32, size=n * p + n, dtype=np.uint64).astype(np.float64) / 2**32 - 0.5
    Z = draws[: n * p].reshape((p, n)).T
    X = np.empty((n, p))
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = 0.5 * X[:, j - 1] + Z[:, j]
    w = np.zeros(p)
    for k, j in enumerate(range(0, p, p // 10)):
        w[j] = (1.0 + k / 10.0) * (-1) ** k
    y = np.zeros(n)
    for j in range(p):  # column by column, the order the C# side sums in
        y += X[:, j] * w[j]
    y += draws[n * p:]
    return X, y


def tall():
    """lasso_path on tall data, tight: a sparse path (eps 5e-2, 30 alphas) and a dense one (eps 1e-3, 50 alphas),
    for the covariance-mode solver's lazy Gram cache and its completion."""
    from sklearn.linear_model import lasso_path
    X, y = tall_data()
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    out = []
    for name, eps, count in [("sparse", 5e-2, 30), ("dense", 1e-3, 50)]:
        alphas, coefs, gaps = lasso_path(Xc, yc, eps=eps, n_alphas=count, tol=1e-10, max_iter=1000000)
        out.append({"name": name, "eps": eps, "n_alphas": count, "alphas": alphas.tolist(), "coefs": coefs.T.tolist(),
                    "nonzero_last": int(np.count_nonzero(coefs[:, -1]))})
    write("tall.json", {"rows": X.shape[0], "columns": X.shape[1], "y_head": y[:5].tolist(), "paths": out})


def logistic_tall():
    """l1 LogisticRegression (saga, tol 1e-12) on 5000 rows of the tall AR(1) data (tall_data(5000, 40); label 1 where
    y > 0): enough rows for the model sweeps to split their rows between two cores."""
    from sklearn.linear_model import LogisticRegression
    X, y = tall_data(5000, 40)
    labels = (y > 0).astype(float)
    cases = []
    for C in [0.01, 0.05, 1.0]:
        m = LogisticRegression(penalty="l1", C=C, solver="saga", tol=1e-12, max_iter=1000000, random_state=0).fit(X, labels)
        cases.append({"C": C, "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]), "n_iter": int(m.n_iter_[0])})
    write("logistic_tall.json", {"rows": X.shape[0], "columns": X.shape[1], "positives": int(labels.sum()),
                                 "y_head": y[:5].tolist(), "cases": cases})


def cv():
    """LassoCV / ElasticNetCV: KFold, shuffled KFold, predefined fold ids (glmnet's foldid) and held-out sample weights
    (issue 14's case), tight, so the CV curve compares to rounding."""
    from sklearn.datasets import make_regression
    from sklearn.linear_model import ElasticNetCV, LassoCV
    from sklearn.model_selection import KFold, PredefinedSplit
    X, y = load_diabetes(return_X_y=True)
    foldid = np.random.RandomState(3).randint(1, 5, size=X.shape[0])
    tight = dict(tol=1e-10, max_iter=1000000)
    cases = []
    for name, model in [
        ("kfold", LassoCV(n_alphas=30, cv=KFold(5), **tight)),
        ("shuffled", LassoCV(n_alphas=30, cv=KFold(5, shuffle=True, random_state=7), **tight)),
        ("foldid", ElasticNetCV(l1_ratio=0.5, n_alphas=30, cv=PredefinedSplit(foldid), **tight)),
    ]:
        model.fit(X, y)
        cases.append({"name": name, "alphas": model.alphas_.tolist(), "mse_path": model.mse_path_.tolist(),
                      "alpha": float(model.alpha_), "coef": model.coef_.tolist(), "intercept": float(model.intercept_)})
    Xw, yw = make_regression(60, 10, n_informative=4, noise=20, random_state=1)
    sw = np.random.RandomState(1).exponential(size=60) ** 2
    alphas = np.logspace(-3, 1, 20)
    weighted = ElasticNetCV(l1_ratio=0.5, alphas=alphas, cv=KFold(5), **tight).fit(Xw, yw, sample_weight=sw)
    cases.append({"name": "weighted", "alphas": weighted.alphas_.tolist(), "mse_path": weighted.mse_path_.tolist(),
                  "alpha": float(weighted.alpha_), "coef": weighted.coef_.tolist(), "intercept": float(weighted.intercept_)})
    # ElasticNetCV over a list of l1 ratios (each its own grid, the same folds; the pair of least mean error).
    ratios = ElasticNetCV(l1_ratio=[0.1, 0.5, 0.9, 1.0], n_alphas=30, cv=KFold(5), **tight).fit(X, y)
    ratio_case = {"name": "ratios", "l1_ratios": [0.1, 0.5, 0.9, 1.0], "alphas": ratios.alphas_.tolist(),
                  "mse_path": ratios.mse_path_.tolist(), "alpha": float(ratios.alpha_), "l1_ratio": float(ratios.l1_ratio_),
                  "coef": ratios.coef_.tolist(), "intercept": float(ratios.intercept_)}
    write("cv.json", {"foldid": foldid.tolist(), "weighted_X": Xw.T.tolist(), "weighted_y": yw.tolist(),
                      "sample_weight": sw.tolist(), "cases": cases, "ratios": ratio_case})


def huber():
    """A user-written loss's anchor: Huber (delta 20) + alpha*|w|_1 on Diabetes with five outliers, minimized by scipy.

    The objective (1/n) sum huber(y - Xw - b) + alpha ||w||_1 is made smooth by w = u - v, u, v >= 0, and solved by
    L-BFGS-B with bounds to machine precision (the same problem samples/CustomLoss fits by proximal Newton)."""
    import scipy
    from scipy.optimize import minimize
    X = load_diabetes().data
    y = load_diabetes().target.copy()
    outliers = [3, 50, 120, 200, 333]
    y[outliers] += 400
    n, p = X.shape
    delta = 20.0
    cases = []
    # In the scaled coordinates X_s = X*sqrt(n) (unit-variance columns), w = sqrt(n)*w_s: L-BFGS-B is far better
    # conditioned there than on Diabetes' unit-norm columns.
    scale = np.sqrt(n)
    Xs = X * scale
    for alpha in [0.1, 0.02]:
        def objective(z):
            u, v, b = z[:p], z[p:2 * p], z[-1]
            r = y - Xs @ (u - v) - b
            a = np.abs(r)
            inside = a <= delta
            value = np.where(inside, 0.5 * r * r, delta * (a - 0.5 * delta)).sum() / n + alpha * scale * (u.sum() + v.sum())
            psi = np.clip(r, -delta, delta)
            gw = -(Xs.T @ psi) / n
            return value, np.concatenate([gw + alpha * scale, -gw + alpha * scale, [-psi.sum() / n]])
        z0 = np.zeros(2 * p + 1)
        z0[-1] = np.median(y)
        bounds = [(0, None)] * (2 * p) + [(None, None)]
        result = minimize(objective, z0, jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": 100000, "maxfun": 100000, "ftol": 1e-16, "gtol": 1e-13, "maxcor": 50})
        w = (result.x[:p] - result.x[p:2 * p]) * scale
        cases.append({"alpha": alpha, "coef": w.tolist(), "intercept": float(result.x[-1]), "objective": float(result.fun)})
    write("huber.json", {"scipy_version": scipy.__version__, "delta": delta, "outliers": outliers, "cases": cases})


def grids():
    """Fidelity round 2: the alpha grid on a constant target (a degenerate grid of float resolution, a valid fit) and
    with positive=True when the largest |X'y| is negative (scikit-learn's grid ignores the sign)."""
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import KFold
    rng = np.random.RandomState(11)
    X = rng.normal(size=(30, 4))
    constant = np.full(30, 5.0)
    cv = LassoCV(n_alphas=3, cv=KFold(3)).fit(X, constant)
    y = -3.0 * X[:, 0] + 0.5 * X[:, 1] + 0.1 * rng.normal(size=30)
    positive = LassoCV(n_alphas=5, cv=KFold(3), positive=True, tol=1e-10, max_iter=1000000).fit(X, y)
    write("grids.json", {"X": X.T.tolist(), "y": y.tolist(), "constant": 5.0,
                         "constant_cv": {"alphas": cv.alphas_.tolist(), "alpha": float(cv.alpha_), "coef": cv.coef_.tolist(),
                                         "intercept": float(cv.intercept_), "mse_path": cv.mse_path_.tolist()},
                         "positive_cv": {"alphas": positive.alphas_.tolist(), "alpha": float(positive.alpha_),
                                         "coef": positive.coef_.tolist(), "intercept": float(positive.intercept_)}})


def factors():
    """glmnet's penalty.factor, which glmnet rescales to sum to the number of features (tests/reference/glmnet_factors.R;
    needs r-cran-glmnet): lasso and elastic net at two lambdas, standardize=FALSE, thresh 1e-20, y of unit variance."""
    import subprocess
    rng = np.random.RandomState(5)
    X = rng.normal(size=(50, 6))
    y = X @ np.array([2.0, -1.0, 0.0, 0.5, 0.0, 1.5]) + rng.normal(size=50) + 3.0
    # glmnet's gaussian family scales y to unit (1/n) variance inside and back: its elastic net solves scikit-learn's
    # objective only for such a y (its lasso for any y), so the fixture's y has it.
    y = y / y.std()
    f = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 3.0])
    fits = [[float(v) for v in line.split()] for line in glmnet_lines("glmnet_factors.R", np.vstack([np.column_stack([X, y]), np.append(f, 0.0)]))]
    version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('glmnet')))"], capture_output=True, text=True).stdout
    write("factors.json", {"glmnet_version": version, "X": X.T.tolist(), "y": y.tolist(), "penalty_factors": f.tolist(),
                           "fits": [{"l1_ratio": r[0], "alpha": r[1], "intercept": r[2], "coef": r[3:]} for r in fits]})


def logistic_weak():
    """LogisticRegression with weak l2 regularization (C = 100, 1000, 1e6) on make_classification(random_state=0), whose
    redundant features make X rank-deficient: lbfgs (the default solver) and newton-cg, both to tol 1e-10."""
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    X, y = make_classification(random_state=0)
    cases = []
    for C in [100.0, 1000.0, 1e6]:
        for solver in ["lbfgs", "newton-cg"]:
            m = LogisticRegression(C=C, solver=solver, tol=1e-10, max_iter=100000).fit(X, y)
            cases.append({"C": C, "solver": solver, "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
                          "n_iter": int(m.n_iter_[0])})
    write("logistic_weak.json", {"X": X.T.tolist(), "y": y.astype(float).tolist(), "cases": cases})


def binomial():
    """glmnet's binomial lasso path on its example data BinomialExample (tests/reference/glmnet_binomial.R; needs
    r-cran-glmnet), standardize=FALSE: at glmnet's defaults and to thresh 1e-14 on the same lambdas. X is stored by column;
    each path is one array per lambda, the intercept first."""
    import subprocess
    out = os.path.join(HERE, "binomial.json")
    subprocess.run(["Rscript", os.path.join(HERE, "glmnet_binomial.R"), out], check=True)
    json.load(open(out))


def poisson():
    """The Poisson loss: glmnet's family = "poisson" (tests/reference/glmnet_poisson.R; needs r-cran-glmnet) — a lasso path,
    an elastic net, weights (summing to n: glmnet normalizes them) and an offset (log exposure) — and scikit-learn's
    PoissonRegressor (l2, alpha 0.1 and 0.01), all tight. Counts from exp(Xβ + offset) on 200×8 AR(1)-correlated features."""
    import subprocess
    from sklearn.linear_model import PoissonRegressor
    rng = np.random.RandomState(11)
    n, p = 200, 8
    X = rng.normal(size=(n, p))
    for j in range(1, p):
        X[:, j] = 0.5 * X[:, j - 1] + np.sqrt(0.75) * X[:, j]
    beta = np.array([0.5, -0.3, 0.0, 0.2, 0.0, 0.0, 0.4, 0.0])
    offset = np.log(rng.uniform(0.5, 2.0, size=n))
    y = rng.poisson(np.exp(0.3 + X @ beta + offset)).astype(float)
    w = rng.exponential(size=n)
    w = w * n / w.sum()
    fits = []
    for line in glmnet_lines("glmnet_poisson.R", np.column_stack([X, y, w, offset])):
        case, *values = line.split()
        v = [float(t) for t in values]
        fits.append({"case": case, "mix": v[0], "lambda": v[1], "intercept": v[2], "coef": v[3:]})
    sklearn = []
    for alpha in [0.1, 0.01]:
        m = PoissonRegressor(alpha=alpha, tol=1e-12, max_iter=100000).fit(X, y)
        sklearn.append({"alpha": alpha, "coef": m.coef_.tolist(), "intercept": float(m.intercept_), "d2": float(m.score(X, y))})
    version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('glmnet')))"], capture_output=True, text=True).stdout
    write("poisson.json", {"glmnet_version": version, "X": X.T.tolist(), "y": y.tolist(), "weights": w.tolist(),
                           "offset": offset.tolist(), "glmnet": fits, "sklearn": sklearn})


def _multinomial_kkt(X, y, w, fit, grouped):
    """The largest KKT residual of a glmnet multinomial solution (its coefficients and intercepts' optimality conditions,
    on the (1/n)Σ w_i ℓ_i + λ·penalty objective): glmnet's multinomial fits stop short of thresh at weak λ, and the tests
    allow a fit's distance from glmnet to grow with it."""
    n, k = len(y), len(fit["intercepts"])
    B, b = np.array(fit["coef"]), np.array(fit["intercepts"])
    l1, l2 = fit["lambda"] * fit["mix"], fit["lambda"] * (1 - fit["mix"])
    eta = X @ B.T + b
    P = np.exp(eta - eta.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    D = w[:, None] * (P - np.eye(k)[y.astype(int) - 1]) / n
    G = (X.T @ D).T
    worst = float(abs(D.sum(axis=0)).max())
    Z = -G - l2 * B
    if grouped:
        for j in range(X.shape[1]):
            norm = np.linalg.norm(B[:, j])
            r = max(np.linalg.norm(Z[:, j]) - l1, 0) if norm == 0 else np.linalg.norm(Z[:, j] - l1 * B[:, j] / norm)
            worst = max(worst, float(r))
    else:
        R = np.where(B > 0, abs(Z - l1), np.where(B < 0, abs(Z + l1), np.maximum(abs(Z) - l1, 0)))
        worst = max(worst, float(R.max()))
    return worst


def multinomial():
    """The multinomial loss: glmnet's family = "multinomial" (tests/reference/glmnet_multinomial.R; needs r-cran-glmnet),
    ungrouped and grouped lasso paths, elastic nets of both types, weights (summing to n) and cv.glmnet's deviance and
    misclassification; scikit-learn's LogisticRegression(multi_class="multinomial") with saga (l1, elasticnet, l2:
    lbfgs stops at a KKT residual of 3e-6 at tol 1e-12, saga at 1e-13), all tight. Three classes (labels 1, 2, 3) drawn from a softmax of 300×8 AR(1)-correlated features."""
    import subprocess
    from sklearn.linear_model import LogisticRegression
    rng = np.random.RandomState(17)
    n, p, k = 300, 8, 3
    X = rng.normal(size=(n, p))
    for j in range(1, p):
        X[:, j] = 0.5 * X[:, j - 1] + np.sqrt(0.75) * X[:, j]
    B = np.zeros((k, p))
    B[0, [0, 3]] = [1.0, -0.8]
    B[1, [1, 3, 5]] = [-0.9, 0.7, 0.5]
    B[2, [2, 6]] = [1.2, -0.6]
    eta = X @ B.T + np.array([0.2, -0.1, 0.0])
    prob = np.exp(eta - eta.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in prob]) + 1.0
    w = rng.exponential(size=n)
    w = w * n / w.sum()
    fits, cv = [], {}
    for line in glmnet_lines("glmnet_multinomial.R", np.column_stack([X, y, w])):
        case, *values = line.split()
        if case == "cv":
            cv[values[0]] = [float(t) for t in values[1:]]
            continue
        v = [float(t) for t in values]
        fit = {"case": case, "mix": v[0], "lambda": v[1], "intercepts": v[2:2 + k],
               "coef": [v[2 + k + c * p: 2 + k + (c + 1) * p] for c in range(k)]}
        if case == "standardized":
            # glmnet's standardize = TRUE: the penalty is on the coefficients of the standardized columns.
            m, sd = X.mean(axis=0), X.std(axis=0)
            B = np.array(fit["coef"])
            scaled = {**fit, "coef": (B * sd).tolist(), "intercepts": (np.array(fit["intercepts"]) + B @ m).tolist()}
            fit["kkt"] = _multinomial_kkt((X - m) / sd, y, np.ones(n), scaled, False)
        else:
            fit["kkt"] = _multinomial_kkt(X, y, w if case == "weighted" else np.ones(n), fit, case in ("grouped", "genet"))
        fits.append(fit)
    sklearn = []
    for penalty, solver, C, ratio in [("l1", "saga", 0.5, None), ("elasticnet", "saga", 0.2, 0.5), ("l2", "saga", 0.1, None)]:
        m = LogisticRegression(multi_class="multinomial", penalty=penalty, solver=solver, C=C, l1_ratio=ratio,
                               tol=1e-12, max_iter=1000000).fit(X, y)
        sklearn.append({"penalty": penalty, "C": C, "l1_ratio": ratio, "coef": m.coef_.tolist(),
                        "intercepts": m.intercept_.tolist(), "classes": m.classes_.tolist(),
                        "predict": m.predict(X).tolist(), "proba": m.predict_proba(X).tolist(), "score": float(m.score(X, y))})
    version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('glmnet')))"], capture_output=True, text=True).stdout
    write("multinomial.json", {"glmnet_version": version, "X": X.T.tolist(), "y": y.tolist(), "weights": w.tolist(),
                               "glmnet": fits, "cv": {"lambdas": [0.1, 0.05, 0.02, 0.01, 0.005], **cv}, "sklearn": sklearn})


def standardize():
    """glmnet's standardize = TRUE (tests/reference/glmnet_standardize.R; needs r-cran-glmnet): gaussian and binomial lasso
    paths and a weighted gaussian lasso on 150x6 features of very different scales and means, thresh 1e-14."""
    rng = np.random.RandomState(21)
    n, p = 150, 6
    X = rng.normal(size=(n, p)) * np.array([1.0, 10.0, 0.1, 3.0, 50.0, 0.5]) + np.array([0.0, 5.0, -2.0, 100.0, 0.0, 1.0])
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    y = z @ np.array([1.0, -0.5, 0.0, 0.8, 0.0, 0.3]) + rng.normal(size=n) + 2.0
    labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-(z[:, 0] - z[:, 3])))).astype(float)
    w = rng.exponential(size=n)
    w = w * n / w.sum()
    fits = []
    for line in glmnet_lines("glmnet_standardize.R", np.column_stack([X, y, labels, w])):
        case, *values = line.split()
        v = [float(t) for t in values]
        fits.append({"case": case, "lambda": v[0], "intercept": v[1], "coef": v[2:]})
    write("standardize.json", {"X": X.T.tolist(), "y": y.tolist(), "labels": labels.tolist(), "weights": w.tolist(), "glmnet": fits})


def relax():
    """glmnet's relaxed lasso (tests/reference/glmnet_relax.R; needs r-cran-glmnet): gaussian and binomial at three lambdas,
    gamma 0 and 0.5, and cv.glmnet(relax = TRUE) over four lambdas and gamma 0, 0.5, 1 on 5 contiguous folds;
    standardize=FALSE, thresh 1e-14, on 120x8 correlated features."""
    rng = np.random.RandomState(31)
    n, p = 120, 8
    X = rng.normal(size=(n, p))
    for j in range(1, p):
        X[:, j] = 0.4 * X[:, j - 1] + np.sqrt(0.84) * X[:, j]
    eta = X @ np.array([1.0, -0.6, 0.0, 0.4, 0.0, 0.0, 0.3, 0.0])
    y = eta + rng.normal(size=n) + 1.0
    labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    fits, cv, cvmin = [], [], None
    for line in glmnet_lines("glmnet_relax.R", np.column_stack([X, y, labels])):
        family, *values = line.split()
        v = [float(t) for t in values]
        if family == "cv":
            cv.append({"gamma": v[0], "cvm": v[1:]})
        elif family == "cvmin":
            cvmin = {"gamma": v[0], "lambda": v[1]}
        else:
            fits.append({"family": family, "lambda": v[0], "gamma": v[1], "intercept": v[2], "coef": v[3:]})
    # glmnet's relaxed refit stops at its own tolerance, short of the optimum: the exact unpenalized refits on each support
    # (numpy's least squares; LogisticRegression(penalty=None, solver="newton-cg") to tol 1e-12 — lbfgs stops short too)
    # anchor gamma = 0.
    from sklearn.linear_model import LogisticRegression
    for f in fits:
        act = [j for j, c in enumerate(f["coef"]) if c != 0]
        if f["family"] == "gaussian":
            sol = np.linalg.lstsq(np.column_stack([np.ones(n), X[:, act]]), y, rcond=None)[0]
            b, w = sol[0], sol[1:]
        else:
            m = LogisticRegression(penalty=None, solver="newton-cg", tol=1e-12, max_iter=100000).fit(X[:, act], labels)
            b, w = m.intercept_[0], m.coef_[0]
        full = np.zeros(p)
        full[act] = w
        f["exact_intercept"], f["exact_coef"] = float(b), full.tolist()
    write("relax.json", {"X": X.T.tolist(), "y": y.tolist(), "labels": labels.tolist(), "glmnet": fits,
                         "cv": {"lambdas": [0.3, 0.1, 0.03, 0.01], "curves": cv, "min": cvmin}})


def labels():
    """LogisticRegression on two classes that are not 0/1 (labels 3 and 7, from logistic.json's 0/1 labels): scikit-learn's
    classes_, coefficients (the same as with 0/1) and predictions in the user's labels."""
    from sklearn.linear_model import LogisticRegression
    lg = json.load(open(os.path.join(HERE, "logistic.json")))
    X, y = np.array(lg["X"]).T, np.array(lg["y"])
    labels = np.where(y == 1, 7.0, 3.0)
    m = LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit(X, labels)
    # Text labels, as a CSV column "yes"/"no" reads: scikit-learn sorts them ("no" < "yes", the positive class "yes").
    words = np.where(y == 1, "no", "yes")
    t = LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit(X, words)
    write("labels.json", {"labels": labels.tolist(), "classes": m.classes_.tolist(), "coef": m.coef_[0].tolist(),
                          "intercept": float(m.intercept_[0]), "predict": m.predict(X).tolist(),
                          "proba": m.predict_proba(X)[:, 1].tolist(),
                          "text_labels": words.tolist(), "text_classes": t.classes_.tolist(), "text_coef": t.coef_[0].tolist(),
                          "text_intercept": float(t.intercept_[0]), "text_predict": t.predict(X).tolist(),
                          "text_proba": t.predict_proba(X)[:, 1].tolist()})


def sparse():
    """Sparse features (scipy.sparse, 300x80, 6% stored, positive values so every column's mean is away from 0): the data as
    LibSVM (sklearn's dump_svmlight_file) and Matrix Market (scipy's mmwrite) files the loaders read, and fits on the sparse
    matrix — scikit-learn's Lasso (with and without intercept), ElasticNet with sample weights, LogisticRegression (saga, l1)
    — and glmnet's on a dgCMatrix (tests/reference/glmnet_sparse.R: gaussian, standardized, binomial, Poisson, multinomial),
    all tight."""
    import subprocess
    import tempfile
    import scipy.io
    import scipy.sparse as sp
    from sklearn.datasets import dump_svmlight_file
    from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression
    rng = np.random.RandomState(17)
    n, p = 300, 80
    X = sp.random(n, p, density=0.06, format="csc", random_state=rng, data_rvs=lambda k: rng.uniform(1, 5, size=k))
    beta = np.zeros(p)
    beta[:10] = rng.normal(size=10) * 2
    eta = X @ beta
    y = eta + 0.5 * rng.normal(size=n)
    labels = (eta + rng.logistic(size=n) > np.median(eta)).astype(float)
    counts = rng.poisson(np.exp(0.2 + 0.15 * eta)).astype(float)
    w = rng.uniform(0.2, 2.0, size=n)
    # Three classes 1, 2, 3 (coordinate files drop zeros) from the terciles of a noisy linear predictor.
    score = eta + 0.5 * rng.normal(size=n)
    classes = 1.0 + np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    dump_svmlight_file(X, y, os.path.join(HERE, "sparse.svm"), zero_based=False)
    scipy.io.mmwrite(os.path.join(HERE, "sparse_X.mtx"), X, precision=17)
    for name, v in [("sparse_y.mtx", y), ("sparse_labels.mtx", labels), ("sparse_counts.mtx", counts), ("sparse_classes.mtx", classes)]:
        # Coordinate form (R's readMM reads no other): the zeros of a vector are absent entries.
        scipy.io.mmwrite(os.path.join(HERE, name), sp.coo_matrix(v.reshape(-1, 1)), precision=17)
    fits = []
    for case, model, kwargs in [("lasso", Lasso(alpha=0.05, tol=1e-14, max_iter=1000000), {}),
                                ("lasso_no_intercept", Lasso(alpha=0.05, fit_intercept=False, tol=1e-14, max_iter=1000000), {}),
                                ("enet_weighted", ElasticNet(alpha=0.02, l1_ratio=0.3, tol=1e-14, max_iter=1000000), {"sample_weight": w})]:
        m = model.fit(X, y, **kwargs)
        fits.append({"case": case, "coef": m.coef_.tolist(), "intercept": float(m.intercept_)})
    lg = LogisticRegression(penalty="l1", C=0.5, solver="saga", tol=1e-12, max_iter=1000000).fit(X, labels)
    fits.append({"case": "logistic_l1", "C": 0.5, "coef": lg.coef_[0].tolist(), "intercept": float(lg.intercept_[0])})
    glmnet = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        subprocess.run(["Rscript", os.path.join(HERE, "glmnet_sparse.R")] +
                       [os.path.join(HERE, f) for f in ["sparse_X.mtx", "sparse_y.mtx", "sparse_labels.mtx", "sparse_counts.mtx", "sparse_classes.mtx"]] + [out],
                       check=True)
        for line in open(out).read().splitlines():
            case, *values = line.split()
            v = [float(t) for t in values]
            if case == "multinomial":
                # lambda, then per class its intercept and p coefficients.
                k = len(v[1:]) // (p + 1)
                glmnet.append({"case": case, "lambda": v[0], "intercepts": [v[1 + c * (p + 1)] for c in range(k)],
                               "coef": [v[2 + c * (p + 1):1 + (c + 1) * (p + 1)] for c in range(k)]})
                continue
            glmnet.append({"case": case, "lambda": v[0], "intercept": v[1], "coef": v[2:]})
    version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('glmnet')))"], capture_output=True, text=True).stdout
    write("sparse.json", {"glmnet_version": version, "n": n, "p": p, "weights": w.tolist(), "sklearn": fits, "glmnet": glmnet})


def degenerate():
    """Ridge at alpha = 0 where X'X is singular — a duplicated column, a constant column, p > n (the first 8 Diabetes
    rows) — on the Diabetes CSV's columns (unscaled, as the library's resource): the minimum-norm least-squares
    solution on centred data, numpy's lstsq (singular values below max(n, p)·eps·s_max cut). scikit-learn does not
    give it here: Ridge(alpha=0) falls back to its SVD solver only when Cholesky detects the singularity, that solver
    cuts singular values at an absolute 1e-15, and LinearRegression's scipy lstsq cuts at eps·s_max — on the
    duplicated unscaled column all three return coefficients near ±8e14."""
    X, y = load_diabetes(return_X_y=True, scaled=False)
    cases = {"duplicated": (np.column_stack([X[:, 2], X[:, 2]]), y),
             "constant": (np.column_stack([X[:, :3], np.ones(len(y))]), y),
             "wide": (X[:8], y[:8])}
    def minimum_norm(A, b):
        w = np.linalg.lstsq(A - A.mean(axis=0), b - b.mean(), rcond=None)[0]
        return {"coef": w.tolist(), "intercept": float(b.mean() - A.mean(axis=0) @ w)}
    fits = {name: minimum_norm(A, b) for name, (A, b) in cases.items()}
    # Uncentred columns of mean 1e9 and spread 1, no intercept, alpha = 1: X'X + I has condition ~1e20, so Cholesky on it
    # keeps no digit of the small directions; scikit-learn's SVD solver (on X itself) gives the answer.
    from sklearn.linear_model import Ridge
    rng = np.random.RandomState(0)
    A = 1e9 + rng.standard_normal((50, 3))
    b = A @ np.array([1.0, 2.0, 3.0]) * 1e-9 + rng.standard_normal(50)
    with open(os.path.join(HERE, "mean1e9.csv"), "w") as f:
        f.write("a,b,c,y\n")
        for row, t in zip(A, b):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(t)) + "\n")
    fits["uncentred"] = _fit(Ridge(alpha=1.0, fit_intercept=False, solver="svd"), A, b)
    write("degenerate.json", fits)


FIXTURES = {"degenerate": degenerate, "diabetes-resource": diabetes_resource, "diabetes": diabetes,
            "random": random_state, "metrics": metrics, "parity": parity, "paths": paths,
            "logistic": logistic, "sweep": sweep, "cli": cli, "weighted": weighted, "tall": tall, "cv": cv, "huber": huber, "grids": grids, "factors": factors, "logistic_weak": logistic_weak, "cli-positive": cli_positive, "labels": labels, "binomial": binomial, "poisson": poisson, "standardize": standardize, "relax": relax, "multinomial": multinomial, "sparse": sparse, "logistic_tall": logistic_tall}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(FIXTURES)
    for name in wanted:
        FIXTURES[name]()
