# glmnet (family = "binomial") on the same files and grid as compare_logistic.sh: an l1-penalized logistic path with
# an unpenalized intercept, standardize = FALSE; timed in process after one warm-up, the median of REPEAT runs.
# glmnet stops on a relative change (thresh): tightened until the last lambda's duality gap (same formula as
# logistic_gap.py) is within 1e-4 * P(0).
# Usage: Rscript glmnet_logistic.R X.bin labels.bin ROWS COLS [REPEAT [EPS]]
suppressMessages(library(glmnet))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
inputs <- read_inputs(default_eps = 1e-2)
for (name in names(inputs)) assign(name, inputs[[name]])
lambda <- glm_grid(X, y, n, eps)
fit <- function(thresh) glmnet(X, y, family = "binomial", lambda = lambda, standardize = FALSE, thresh = thresh, maxit = 1e6)
entropy <- function(q) { q <- pmin(pmax(q, 0), 1); -(ifelse(q > 0, q * log(q), 0) + ifelse(q < 1, (1 - q) * log1p(-q), 0)) }
gap_of <- function(f) {
  cf <- as.numeric(coef(f, s = lambda[100], exact = FALSE))
  b <- cf[1]; w <- cf[-1]
  xw <- as.numeric(X %*% w)
  for (k in 1:50) { pr <- 1 / (1 + exp(-(xw + b))); g <- sum(pr - y); h <- sum(pr * (1 - pr)); if (abs(g) <= 1e-15 * n) break; b <- b - g / h }
  eta <- xw + b
  pr <- 1 / (1 + exp(-eta))
  primal <- mean(pmax(eta, 0) + log1p(exp(-abs(eta))) - y * eta) + lambda[100] * sum(abs(w))
  r <- y - pr; r <- r - mean(r)
  nr <- max(abs(crossprod(X, r)))
  cc <- if (nr > 0) min(1, n * lambda[100] / nr) else 1
  list(gap = primal - mean(entropy(y - cc * r)), nonzero = sum(w != 0), objective = primal)
}
m <- mean(y)
target <- 1e-4 * (-(m * log(m) + (1 - m) * log(1 - m)))
tighten_and_time(fit, gap_of, target, repeats)
