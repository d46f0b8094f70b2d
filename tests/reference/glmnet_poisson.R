# glmnet's Poisson family on the data generate.py writes, standardize = FALSE, thresh 1e-14:
#   Rscript tests/reference/glmnet_poisson.R IN.csv OUT.txt
# IN.csv: no header; the features, then the count y, a weight (summing to the number of rows) and an offset (log exposure).
# OUT.txt: one line per fit — case, alpha (glmnet's mixing), lambda, intercept, coefficients — 17 significant digits.
# Cases: "plain" (a lasso path of 20 lambdas), "enet" (alpha 0.5 at two lambdas), "weighted" (weights), "offset" (offset).
# Needs (Debian): r-cran-glmnet.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- as.matrix(read.csv(args[1], header = FALSE))
p <- ncol(d) - 3
x <- d[, 1:p]
y <- d[, p + 1]
w <- d[, p + 2]
o <- d[, p + 3]
tight <- function(...) glmnet(x, y, family = "poisson", standardize = FALSE, thresh = 1e-14, maxit = 1e7, ...)
lines <- character(0)
emit <- function(case, mix, fit) {
  for (k in seq_along(fit$lambda)) {
    values <- c(mix, fit$lambda[k], as.vector(coef(fit)[, k]))
    lines <<- c(lines, paste(case, paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
  }
}
plain <- tight(nlambda = 20)
emit("plain", 1, plain)
emit("enet", 0.5, tight(alpha = 0.5, lambda = c(0.05, 0.005)))
emit("weighted", 1, tight(weights = w, lambda = c(0.05, 0.005)))
emit("offset", 1, tight(offset = o, lambda = c(0.05, 0.005)))
writeLines(lines, args[2])
