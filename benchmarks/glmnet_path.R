# glmnet on the same files and the same alpha grid (scikit-learn's), timed in process after one warm-up:
# the median of REPEAT timed runs (default 1).
# Usage: Rscript glmnet_path.R X.bin y.bin ROWS COLS [REPEAT [EPS]]
suppressMessages(library(glmnet))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
inputs <- read_inputs(default_eps = 1e-3)
for (name in names(inputs)) assign(name, inputs[[name]])
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
