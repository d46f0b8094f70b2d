# glmnet on the same files and the same alpha grid (scikit-learn's), timed in process after one warm-up:
# the median of REPEAT timed runs (default 1).
# Usage: Rscript glmnet_path.R X.bin y.bin ROWS COLS [REPEAT [EPS]]
suppressMessages(library(glmnet))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[3]); p <- as.integer(args[4])
repeats <- if (length(args) >= 5) as.integer(args[5]) else 1L
eps <- if (length(args) >= 6) as.numeric(args[6]) else 1e-3
X <- matrix(readBin(args[1], "double", n * p, size = 8, endian = "little"), n, p)
y <- readBin(args[2], "double", n, size = 8, endian = "little")
Xc <- scale(X, center = TRUE, scale = FALSE); yc <- y - mean(y)
alpha_max <- max(abs(crossprod(Xc, yc))) / n
lambda <- exp(seq(log(alpha_max), log(alpha_max * eps), length.out = 100))
fit <- function(thresh) glmnet(X, y, family = "gaussian", lambda = lambda, standardize = FALSE, thresh = thresh)
# glmnet stops on a relative change in the objective (thresh), not on the duality gap: tighten thresh until the
# last lambda's gap is within scikit-learn's tolerance 1e-4 * ||y_c||^2 / n, so all tools run at the same accuracy.
gap_of <- function(f) {
  b <- as.numeric(coef(f, s = lambda[100], exact = FALSE))[-1]
  r <- yc - Xc %*% b
  a <- lambda[100] * n
  xta <- crossprod(Xc, r)
  dual_norm <- max(abs(xta))
  const <- if (dual_norm > a) a / dual_norm else 1
  rn2 <- sum(r^2)
  gap <- 0.5 * rn2 * (1 + const^2) + a * sum(abs(b)) - const * sum(r * yc)
  list(gap = gap / n, nonzero = sum(b != 0))
}
target <- 1e-4 * sum(yc^2) / n
tighten_and_time(fit, gap_of, target, repeats)
