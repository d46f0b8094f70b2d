# glmnet's relaxed lasso (relax = TRUE) on the data generate.py writes, standardize = FALSE, thresh 1e-14: gaussian and
# binomial, at three lambdas and gamma 0, 0.5 (1 is the lasso itself).
#   Rscript tests/reference/glmnet_relax.R IN.csv OUT.txt
# IN.csv: no header; the features, then the response and a 0/1 label.
# OUT.txt: one line per fit — family, lambda, gamma, intercept, coefficients — 17 significant digits. Needs: r-cran-glmnet.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- as.matrix(read.csv(args[1], header = FALSE))
p <- ncol(d) - 2
x <- d[, 1:p]
lines <- character(0)
# glmnet's relaxed refit re-evaluates the call (update()), so each call names its data and family literally.
emit <- function(name, fit, lambda) {
  for (l in lambda) for (g in c(0, 0.5)) {
    values <- c(l, g, as.vector(coef(fit, s = l, gamma = g)))
    lines <<- c(lines, paste(name, paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
  }
}
yg <- d[, p + 1]
yb <- d[, p + 2]
lg <- c(0.3, 0.1, 0.03)
lb <- c(0.05, 0.02, 0.008)
emit("gaussian", glmnet(x, yg, family = "gaussian", relax = TRUE, lambda = lg, standardize = FALSE, thresh = 1e-14, maxit = 1e7), lg)
emit("binomial", glmnet(x, yb, family = "binomial", relax = TRUE, lambda = lb, standardize = FALSE, thresh = 1e-14, maxit = 1e7), lb)
# cv.glmnet(relax = TRUE) on the gaussian response: 5 contiguous folds of equal size (so its per-row mean error is the
# mean of the folds' means), four lambdas, gamma 0, 0.5, 1: one line per gamma — "cv", gamma, then the mean CV error of
# each lambda — and a last line "cvmin", gamma.min, lambda.min.
cvf <- cv.glmnet(x, yg, relax = TRUE, gamma = c(0, 0.5, 1), foldid = rep(1:5, each = nrow(x) / 5), lambda = c(0.3, 0.1, 0.03, 0.01),
                 standardize = FALSE, thresh = 1e-14, maxit = 1e7)
for (k in 1:3) lines <- c(lines, paste("cv", paste(formatC(c(cvf$relaxed$gamma[k], cvf$relaxed$statlist[[k]]$cvm), digits = 17, format = "g"), collapse = " ")))
lines <- c(lines, paste("cvmin", paste(formatC(c(cvf$relaxed$gamma.min, cvf$relaxed$lambda.min), digits = 17, format = "g"), collapse = " ")))
writeLines(lines, args[2])
