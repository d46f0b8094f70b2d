# Shared by glmnet_path.R, glmnet_logistic.R and glmnet_poisson.R.

# The command line X.bin y.bin ROWS COLS [REPEAT [EPS]]: n, p, repeats, eps, X (column-major float64) and y.
read_inputs <- function(default_eps) {
  args <- commandArgs(trailingOnly = TRUE)
  n <- as.integer(args[3]); p <- as.integer(args[4])
  list(n = n, p = p,
       repeats = if (length(args) >= 5) as.integer(args[5]) else 1L,
       eps = if (length(args) >= 6) as.numeric(args[6]) else default_eps,
       X = matrix(readBin(args[1], "double", n * p, size = 8, endian = "little"), n, p),
       y = readBin(args[2], "double", n, size = 8, endian = "little"))
}

# The comparisons' grid: 100 values from alpha_max = max|X'(y - ybar)|/n (the null model's gradient for these losses)
# down to eps * alpha_max, evenly spaced in log.
glm_grid <- function(X, y, n, eps) {
  alpha_max <- max(abs(crossprod(X, y - mean(y)))) / n
  exp(seq(log(alpha_max), log(alpha_max * eps), length.out = 100))
}

# glmnet stops on a relative change (thresh), not on the duality gap,
# so thresh is tightened by factors of 10 until the last lambda's gap is within the target; then one warm-up and
# REPEAT timed runs (median, min, max), printed as one JSON line with the extra fields of the last gap.
tighten_and_time <- function(fit, gap_of, target, repeats) {
  thresh <- 1e-7
  repeat {
    g <- gap_of(fit(thresh))
    if (g$gap <= target || thresh < 1e-14) break
    thresh <- thresh / 10
  }
  invisible(fit(thresh))
  times <- numeric(repeats)
  for (k in seq_len(repeats)) times[k] <- system.time(f <- fit(thresh))[["elapsed"]]
  g <- gap_of(f)
  extra <- paste(sprintf(', "%s": %.12g', names(g)[names(g) != "gap"], unlist(g[names(g) != "gap"])), collapse = "")
  cat(sprintf('{"tool": "glmnet", "seconds": %.6f, "min_seconds": %.6f, "max_seconds": %.6f, "repeat": %d, "dual_gap": %.10g, "thresh": %g%s}\n',
              median(times), min(times), max(times), repeats, g$gap, thresh, extra))
}
