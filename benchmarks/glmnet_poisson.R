# glmnet (family = "poisson") on the same files and grid as compare_poisson.sh: an l1-penalized Poisson path with an
# unpenalized intercept, standardize = FALSE; timed in process after one warm-up, the median of REPEAT runs. glmnet
# stops on a relative change (thresh): tightened until the last lambda's duality gap (the formula of poisson_gap.py) is
# within 1e-4 * (half the null model's mean deviance).
# Usage: Rscript glmnet_poisson.R X.bin counts.bin ROWS COLS [REPEAT [EPS]]
suppressMessages(library(glmnet))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
inputs <- read_inputs(default_eps = 1e-2)
for (name in names(inputs)) assign(name, inputs[[name]])
lambda <- glm_grid(X, y, n, eps)
fit <- function(thresh) glmnet(X, y, family = "poisson", lambda = lambda, standardize = FALSE, thresh = thresh, maxit = 1e6)
gap_of <- function(f) {
  w <- as.numeric(coef(f, s = lambda[100], exact = FALSE))[-1]
  xw <- as.numeric(X %*% w)
  b <- log(sum(y) / sum(exp(xw)))
  eta <- xw + b
  mu <- exp(eta)
  primal <- mean(mu - y * eta) + lambda[100] * sum(abs(w))
  r <- y - mu
  nr <- max(abs(crossprod(X, r)))
  cc <- if (nr > 0) min(1, n * lambda[100] / nr) else 1
  q <- (1 - cc) * y + cc * mu
  list(gap = primal - mean(q - q * log(q)), nonzero = sum(w != 0), objective = primal)
}
m <- mean(y)
target <- 1e-4 * mean(ifelse(y > 0, y * log(y / m), 0) - (y - m))
tighten_and_time(fit, gap_of, target, repeats)
