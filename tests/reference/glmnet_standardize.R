# glmnet's standardize = TRUE (its default) on the data generate.py writes, thresh 1e-14: a gaussian and a binomial lasso
# path (15 lambdas each) and a weighted gaussian lasso at two lambdas, coefficients on the original scale.
#   Rscript tests/reference/glmnet_standardize.R IN.csv OUT.txt
# IN.csv: no header; the features, then the response, a 0/1 label and a weight (summing to the number of rows).
# OUT.txt: one line per fit — case, lambda, intercept, coefficients — 17 significant digits. Needs (Debian): r-cran-glmnet.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- as.matrix(read.csv(args[1], header = FALSE))
p <- ncol(d) - 3
x <- d[, 1:p]
lines <- character(0)
emit <- function(case, fit) {
  for (k in seq_along(fit$lambda)) {
    values <- c(fit$lambda[k], as.vector(coef(fit)[, k]))
    lines <<- c(lines, paste(case, paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
  }
}
emit("gaussian", glmnet(x, d[, p + 1], family = "gaussian", nlambda = 15, thresh = 1e-14, maxit = 1e7))
emit("binomial", glmnet(x, d[, p + 2], family = "binomial", nlambda = 15, thresh = 1e-14, maxit = 1e7))
emit("weighted", glmnet(x, d[, p + 1], family = "gaussian", weights = d[, p + 3], lambda = c(0.5, 0.05), thresh = 1e-14, maxit = 1e7))
writeLines(lines, args[2])
