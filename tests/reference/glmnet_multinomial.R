# glmnet's multinomial family on the data generate.py writes, standardize = FALSE, thresh 1e-14, both types of penalty.
#   Rscript tests/reference/glmnet_multinomial.R IN.csv OUT.txt
# IN.csv: no header; the features, then the class (1, 2, 3, …) and a weight (summing to the number of rows).
# OUT.txt: one line per fit — case, alpha (glmnet's mixing), lambda, the K intercepts, then the K×p coefficients class by
# class — 17 significant digits; then cross-validation lines (see below).
# Cases: "ungrouped" (a lasso path of 20 lambdas), "grouped" (type.multinomial = "grouped", 20 lambdas), "enet" and
# "genet" (alpha 0.5 at two lambdas, each type), "weighted" (weights, two lambdas), "standardized" (standardize = TRUE).
# Needs (Debian): r-cran-glmnet.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- as.matrix(read.csv(args[1], header = FALSE))
p <- ncol(d) - 2
x <- d[, 1:p]
y <- factor(d[, p + 1])
w <- d[, p + 2]
tight <- function(..., standardize = FALSE) glmnet(x, y, family = "multinomial", standardize = standardize, thresh = 1e-14, maxit = 1e7, ...)
lines <- character(0)
emit <- function(case, mix, fit) {
  for (k in seq_along(fit$lambda)) {
    beta <- unlist(lapply(fit$beta, function(b) as.vector(b[, k])))
    values <- c(mix, fit$lambda[k], as.vector(fit$a0[, k]), beta)
    lines <<- c(lines, paste(case, paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
  }
}
emit("ungrouped", 1, tight(nlambda = 20))
emit("grouped", 1, tight(nlambda = 20, type.multinomial = "grouped"))
emit("enet", 0.5, tight(alpha = 0.5, lambda = c(0.05, 0.01)))
emit("genet", 0.5, tight(alpha = 0.5, lambda = c(0.05, 0.01), type.multinomial = "grouped"))
emit("weighted", 1, tight(weights = w, lambda = c(0.05, 0.01)))
emit("standardized", 1, tight(lambda = c(0.05, 0.01), standardize = TRUE))
# cv.glmnet on 5 contiguous folds of equal size (so its per-row mean is the mean of the folds' means), five lambdas:
# one line per measure — "cv", the measure, then the mean CV error of each lambda.
foldid <- rep(1:5, each = nrow(x) / 5)
grid <- c(0.1, 0.05, 0.02, 0.01, 0.005)
for (m in c("deviance", "class")) {
  cvf <- cv.glmnet(x, y, family = "multinomial", foldid = foldid, lambda = grid, type.measure = m,
                   standardize = FALSE, thresh = 1e-14, maxit = 1e7)
  lines <- c(lines, paste("cv", m, paste(formatC(cvf$cvm, digits = 17, format = "g"), collapse = " ")))
}
writeLines(lines, args[2])
