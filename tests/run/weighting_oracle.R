# weighting_oracle.R UNITS.csv TARGETS.csv OUT.csv - the weighted totals and
# their standard errors by R's survey package, the oracle of needmap's
# --frame estimates (tests/run/test_weighting.py).
#
# UNITS.csv: one row per responding unit: stratum, N (asked in its
# stratum), then one column per target (the unit's demand in the target's
# area, competence and need; 0 when it has none or lies outside the area).
# Design: stratified simple random sampling without replacement, the
# finite population correction from N.  OUT.csv: target, total, se, the
# 95% interval by confint() with Student's t on the design's degrees of
# freedom (df = degf(design)), and df (17 significant digits).
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
units <- read.csv(args[1], check.names = FALSE)
targets <- setdiff(names(units), c("stratum", "N"))
names(units) <- c("stratum", "N", paste0("t", seq_along(targets)))
design <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = units)
f <- as.formula(paste("~", paste(paste0("t", seq_along(targets)), collapse = "+")))
est <- svytotal(f, design)
ci <- confint(est, df = degf(design))
out <- data.frame(target = targets,
                  total = sprintf("%.17g", coef(est)),
                  se = sprintf("%.17g", SE(est)),
                  lo = sprintf("%.17g", ci[, 1]),
                  hi = sprintf("%.17g", ci[, 2]),
                  df = degf(design))
write.csv(out, args[2], row.names = FALSE, quote = TRUE)
