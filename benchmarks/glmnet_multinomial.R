# glmnet (family = "multinomial", ungrouped) on the same files and grid as compare_multinomial.sh: an l1-penalized
# multinomial path with unpenalized intercepts, standardize = FALSE; timed in process after one warm-up, the median of
# REPEAT runs. glmnet stops on a relative change (thresh): tightened until the last lambda's duality gap (the formula of
# multinomial_gap.py) is within 1e-4 * the null model's mean loss.
# Usage: Rscript glmnet_multinomial.R X.bin classes.bin ROWS COLS [REPEAT [EPS]]
suppressMessages(library(glmnet))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "glmnet_common.R"))
inputs <- read_inputs(default_eps = 1e-2)
for (name in names(inputs)) assign(name, inputs[[name]])
Y <- outer(y, sort(unique(y)), "==") * 1
alpha_max <- max(abs(crossprod(X, sweep(Y, 2, colMeans(Y))))) / n
lambda <- exp(seq(log(alpha_max), log(alpha_max * eps), length.out = 100))
classes <- factor(y)
fit <- function(thresh) glmnet(X, classes, family = "multinomial", lambda = lambda, standardize = FALSE, thresh = thresh, maxit = 1e6)
softmax <- function(eta) { e <- exp(eta - apply(eta, 1, max)); e / rowSums(e) }
gap_of <- function(f) {
  W <- t(sapply(f$beta, function(b) as.numeric(b[, 100])))
  b <- as.numeric(f$a0[, 100])
  xw <- X %*% t(W)
  for (k in 1:50) {
    P <- softmax(sweep(xw, 2, b, "+"))
    g <- colMeans(P - Y)
    if (max(abs(g)) < 1e-15) break
    H <- (diag(colSums(P)) - crossprod(P)) / n
    b <- b - as.numeric(MASS::ginv(H) %*% g)
  }
  eta <- sweep(xw, 2, b, "+")
  P <- softmax(eta)
  m <- apply(eta, 1, max)
  lse <- log(rowSums(exp(eta - m))) + m
  primal <- mean(lse - rowSums(eta * Y)) + lambda[100] * sum(abs(W))
  norm <- max(abs(crossprod(X, Y - P)))
  cc <- if (norm > 0) min(1, n * lambda[100] / norm) else 1
  q <- cc * P + (1 - cc) * Y
  dual <- -mean(rowSums(ifelse(q > 0, q * log(q), 0)))
  list(gap = primal - dual, nonzero = sum(W != 0), objective = primal)
}
shares <- colMeans(Y)
target <- 1e-4 * -sum(shares * log(shares))
tighten_and_time(fit, gap_of, target, repeats)
