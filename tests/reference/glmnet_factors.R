# glmnet's penalty.factor (rescaled by glmnet to sum to the number of features) on the data generate.py writes:
#   Rscript tests/reference/glmnet_factors.R IN.csv OUT.txt
# IN.csv: no header; the features then the target; the last line holds the penalty factors (one per feature, then 0).
# OUT.txt: one line per fit — alpha (glmnet's mixing), lambda, intercept, coefficients — 17 significant digits.
# Needs (Debian): r-cran-glmnet.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- as.matrix(read.csv(args[1], header = FALSE))
p <- ncol(d) - 1
factors <- d[nrow(d), 1:p]
x <- d[-nrow(d), 1:p]
y <- d[-nrow(d), p + 1]
lines <- character(0)
for (mix in c(1, 0.5)) {
  for (lambda in c(0.05, 0.2)) {
    fit <- glmnet(x, y, family = "gaussian", alpha = mix, lambda = lambda, penalty.factor = factors,
                  standardize = FALSE, intercept = TRUE, thresh = 1e-20, maxit = 1e7)
    values <- c(mix, lambda, as.vector(coef(fit)))
    lines <- c(lines, paste(formatC(values, digits = 17, format = "g"), collapse = " "))
  }
}
writeLines(lines, args[2])
