# Shared by glmnet_path.R and glmnet_logistic.R: glmnet stops on a relative change (thresh), not on the duality gap,
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
