# glmnet on a sparse dgCMatrix read from X.mtx, on the comparisons' lasso grid (100 values from
# alpha_max = max|X_c'(y - ybar)|/n, X_c the implicitly centred columns, down to eps * alpha_max), standardize = FALSE;
# thresh tightened until the last lambda's duality gap is within 1e-4 * ||y_c||^2 / n; one warm-up, then the median of
# REPEAT timed runs, printed as one JSON line. Usage: Rscript glmnet_sparse_path.R X.mtx y.bin [REPEAT [EPS]]
suppressMessages(library(glmnet))
suppressMessages(library(Matrix))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
args <- commandArgs(trailingOnly = TRUE)
X <- as(readMM(args[1]), "CsparseMatrix")
n <- nrow(X)
y <- readBin(args[2], "double", n, size = 8, endian = "little")
repeats <- if (length(args) >= 3) as.integer(args[3]) else 1L
eps <- if (length(args) >= 4) as.numeric(args[4]) else 1e-3
yc <- y - mean(y)
means <- colMeans(X)
# X_c'v = X'v - m * sum(v): the centred products without centring X.
centred_products <- function(v) as.numeric(crossprod(X, v)) - means * sum(v)
alpha_max <- max(abs(centred_products(yc))) / n
lambda <- exp(seq(log(alpha_max), log(alpha_max * eps), length.out = 100))
fit <- function(thresh) glmnet(X, y, family = "gaussian", lambda = lambda, standardize = FALSE, thresh = thresh)
gap_of <- function(f) {
  b <- as.numeric(coef(f, s = lambda[100], exact = FALSE))[-1]
  xb <- as.numeric(X %*% b)
  r <- yc - (xb - mean(xb))
  a <- lambda[100] * n
  dual_norm <- max(abs(centred_products(r)))
  const <- if (dual_norm > a) a / dual_norm else 1
  gap <- 0.5 * sum(r^2) * (1 + const^2) + a * sum(abs(b)) - const * sum(r * yc)
  list(gap = gap / n, nonzero = sum(b != 0))
}
tighten_and_time(fit, gap_of, 1e-4 * sum(yc^2) / n, repeats)
