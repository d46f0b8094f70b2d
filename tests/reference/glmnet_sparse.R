# glmnet on a sparse dgCMatrix (the Matrix Market files generate.py writes), thresh 1e-14:
#   Rscript tests/reference/glmnet_sparse.R X.mtx y.mtx labels.mtx counts.mtx classes.mtx OUT.txt
# OUT.txt: one line per fit — case, lambda, intercept, coefficients (multinomial: per class its intercept and coefficients)
# — 17 significant digits.
# Cases: "gaussian" (lasso path of 20 lambdas, standardize = FALSE), "gaussian_std" (the same lambdas, standardize = TRUE),
# "binomial" (lasso, standardize = FALSE, 3 lambdas), "poisson" (elastic net alpha 0.5, standardize = FALSE, 3 lambdas),
# "multinomial" (three classes, ungrouped lasso, standardize = FALSE, 2 lambdas).
# Needs (Debian): r-cran-glmnet (which brings r-cran-matrix).
suppressMessages(library(glmnet))
suppressMessages(library(Matrix))
args <- commandArgs(trailingOnly = TRUE)
x <- as(readMM(args[1]), "CsparseMatrix")
stopifnot(is(x, "dgCMatrix"))
y <- as.vector(as.matrix(readMM(args[2])))
labels <- as.vector(as.matrix(readMM(args[3])))
counts <- as.vector(as.matrix(readMM(args[4])))
classes <- factor(as.vector(as.matrix(readMM(args[5]))))
lines <- character(0)
emit <- function(case, fit) {
  for (k in seq_along(fit$lambda)) {
    values <- c(fit$lambda[k], as.vector(coef(fit)[, k]))
    lines <<- c(lines, paste(case, paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
  }
}
tight <- function(...) glmnet(x, thresh = 1e-14, maxit = 1e7, ...)
plain <- tight(y = y, standardize = FALSE, nlambda = 20)
emit("gaussian", plain)
emit("gaussian_std", tight(y = y, standardize = TRUE, lambda = plain$lambda))
emit("binomial", tight(y = labels, family = "binomial", standardize = FALSE, lambda = c(0.05, 0.02, 0.01)))
emit("poisson", tight(y = counts, family = "poisson", alpha = 0.5, standardize = FALSE, lambda = c(0.05, 0.02, 0.01)))
multi <- tight(y = classes, family = "multinomial", standardize = FALSE, lambda = c(0.02, 0.01))
for (k in seq_along(multi$lambda)) {
  values <- c(multi$lambda[k], unlist(lapply(coef(multi), function(b) as.vector(b[, k]))))
  lines <- c(lines, paste("multinomial", paste(formatC(values, digits = 17, format = "g"), collapse = " ")))
}
writeLines(lines, args[6])
