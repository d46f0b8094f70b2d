# glmnet's binomial lasso path on its own example data (BinomialExample, 100×30), standardize = FALSE (PenaltyGen's
# objective): the path at glmnet's defaults (thresh 1e-7) and the same lambdas solved to thresh 1e-14.
#   Rscript tests/reference/glmnet_binomial.R OUT.json
# Needs (Debian): r-cran-glmnet. Numbers are written with 17 significant digits.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
data(BinomialExample)
x <- BinomialExample$x
y <- BinomialExample$y
default <- glmnet(x, y, family = "binomial", standardize = FALSE)
lambda <- default$lambda
tight <- glmnet(x, y, family = "binomial", lambda = lambda, standardize = FALSE, thresh = 1e-14, maxit = 1e7)
num <- function(v) paste0("[", paste(formatC(as.vector(v), digits = 17, format = "g"), collapse = ","), "]")
rows <- function(m) paste0("[", paste(apply(as.matrix(m), 2, num), collapse = ","), "]")
json <- paste0("{\"glmnet_version\":\"", as.character(packageVersion("glmnet")), "\",",
               "\"X\":", rows(x), ",\"y\":", num(y), ",\"lambda\":", num(lambda), ",",
               "\"default\":", rows(coef(default)), ",\"tight\":", rows(coef(tight)), "}")
writeLines(json, args[1])
