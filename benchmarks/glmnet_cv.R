# cv.glmnet on the same files and the same alpha grid (scikit-learn's), the folds scikit-learn's KFold(FOLDS) cuts
# (contiguous, the first n mod FOLDS one row longer), standardize = FALSE; thresh tightened on the whole-data path
# until its last gap is within 1e-4 * ||y_c||^2 / n (as glmnet_path.R), then one warm-up and REPEAT timed runs.
# JOBS > 1: parallel = TRUE over a doParallel cluster of JOBS forked workers (r-cran-doparallel).
# Usage: Rscript glmnet_cv.R X.bin y.bin ROWS COLS FOLDS [REPEAT [EPS [JOBS]]]
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[3]); p <- as.integer(args[4]); folds <- as.integer(args[5])
repeats <- if (length(args) >= 6) as.integer(args[6]) else 1L
eps <- if (length(args) >= 7) as.numeric(args[7]) else 1e-3
jobs <- if (length(args) >= 8) as.integer(args[8]) else 1L
X <- matrix(readBin(args[1], "double", n * p, size = 8, endian = "little"), n, p)
y <- readBin(args[2], "double", n, size = 8, endian = "little")
if (jobs > 1) { suppressMessages(library(doParallel)); registerDoParallel(cores = jobs) }
Xc <- scale(X, center = TRUE, scale = FALSE); yc <- y - mean(y)
alpha_max <- max(abs(crossprod(Xc, yc))) / n
lambda <- exp(seq(log(alpha_max), log(alpha_max * eps), length.out = 100))
sizes <- n %/% folds + (seq_len(folds) <= n %% folds)
foldid <- rep(seq_len(folds), sizes)
target <- 1e-4 * sum(yc^2) / n
gap_of <- function(f) {
  b <- as.numeric(coef(f, s = lambda[100], exact = FALSE))[-1]
  r <- yc - Xc %*% b
  a <- lambda[100] * n
  dual_norm <- max(abs(crossprod(Xc, r)))
  const <- if (dual_norm > a) a / dual_norm else 1
  (0.5 * sum(r^2) * (1 + const^2) + a * sum(abs(b)) - const * sum(r * yc)) / n
}
thresh <- 1e-7
while (gap_of(glmnet(X, y, lambda = lambda, standardize = FALSE, thresh = thresh)) > target && thresh >= 1e-14) thresh <- thresh / 10
run <- function() cv.glmnet(X, y, lambda = lambda, foldid = foldid, standardize = FALSE, thresh = thresh, parallel = jobs > 1)
invisible(run())
times <- numeric(repeats)
for (k in seq_len(repeats)) times[k] <- system.time(f <- run())[["elapsed"]]
index <- which(f$lambda == f$lambda.min)
cat(sprintf('{"tool": "%s", "seconds": %.6f, "min_seconds": %.6f, "max_seconds": %.6f, "repeat": %d, "alpha_min": %.12g, "index_min": %d, "mean_error_min": %.12g, "nonzero": %d, "thresh": %g}\n',
            if (jobs > 1) sprintf("glmnet-%dj", jobs) else "glmnet", median(times), min(times), max(times), repeats, f$lambda.min, index - 1,
            f$cvm[index], sum(as.numeric(coef(f, s = "lambda.min"))[-1] != 0), thresh))
