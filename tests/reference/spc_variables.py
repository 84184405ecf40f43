"""Reference values for tests/spc/variables_test.cpp (Python 3 standard library only).

Data: tests/spc/data/pistonrings.csv (Montgomery Table 6.3), the 25 trial subgroups.
Formulas (Montgomery, Introduction to SQC, ch. 6; ASTM E2587 for unequal subgroup sizes):
  pooled sigma = sqrt(sum (n_i - 1) s_i^2 / sum (n_i - 1)) / c4(sum (n_i - 1) + 1);
  unequal sizes: sigma = mean(R_i / d2(n_i)) (or mean(S_i / c4(n_i))), Xbar limits grand mean +/- 3 sigma/sqrt(n_i)
  (grand mean = mean of all values), R chart center d2(n_i) sigma, UCL (d2 + 3 d3) sigma, S chart center
  c4(n_i) sigma, UCL (c4 + 3 sqrt(1 - c4^2)) sigma;
  individuals: sigma = MRbar / d2(2), MR UCL = (1 + 3 d3(2)/d2(2)) MRbar, median method sigma = median MR / m2 with
  m2 = sqrt(2) Phi^-1(0.75), the median of the range of two standard normals.
d2, d3 by numerical integration of the range distribution (refmath.py), c4 by math.lgamma.
Run: python3 tests/reference/spc_variables.py
"""
import math
import statistics

import refmath as rm

TEST = "tests/spc/variables_test.cpp"


def main():
    x, ids = rm.pistonrings(125)
    groups = rm.subgroups(x, ids)
    d2 = {n: rm.d2(n) for n in (2, 3, 4, 5)}
    d3 = {n: rm.d3(n) for n in (2, 3, 4, 5)}

    print(f"== {TEST} TEST(XbarS, PistonRingsMatchesQcc)")
    sbar = statistics.fmean(statistics.stdev(g) for g in groups)
    c45 = rm.c4(5)
    print(f"Sbar = {sbar:.10f}  S UCL = (c4 + 3 sqrt(1 - c4^2)) Sbar / c4 = {sbar * (1 + 3 * math.sqrt(1 - c45 ** 2) / c45):.10f}"
          f"  grand mean = {statistics.fmean(x):.10f}")

    print(f"\n== {TEST} TEST(XbarS, PooledSigma)")
    dof = sum(len(g) - 1 for g in groups)
    sp = math.sqrt(sum((len(g) - 1) * statistics.variance(g) for g in groups) / dof)
    print(f"pooled sd = {sp:.10f}  c4({dof + 1}) = {rm.c4(dof + 1):.10f}  sigma = {sp / rm.c4(dof + 1):.10f}")

    print(f"\n== {TEST} TEST(XbarR, UnequalSubgroupSizesGivePerPointLimits)")
    print("(subgroup 2 cut to 4 values, 5 to 3 values, 7 without its first value)")
    cut = [list(g) for g in groups]
    cut[1] = cut[1][:4]
    cut[4] = cut[4][:3]
    cut[6] = cut[6][1:]
    allv = [v for g in cut for v in g]
    gm = statistics.fmean(allv)
    sig_r = statistics.fmean((max(g) - min(g)) / d2[len(g)] for g in cut)
    sig_s = statistics.fmean(statistics.stdev(g) / rm.c4(len(g)) for g in cut)
    print(f"grand mean = {gm:.10f}  sigma = mean(R_i/d2(n_i)) = {sig_r:.10f}")
    for idx in (1, 4):
        n = len(cut[idx])
        h = 3 * sig_r / math.sqrt(n)
        print(f"subgroup {idx + 1} (n={n}): Xbar {gm - h:.10f} / {gm + h:.10f}, R center {d2[n] * sig_r:.10f},"
              f" UCL {(d2[n] + 3 * d3[n]) * sig_r:.10f}")
    c = rm.c4(3)
    print(f"Xbar-S: sigma = mean(S_i/c4(n_i)) = {sig_s:.10f}; subgroup 5 (n=3): S center {c * sig_s:.10f},"
          f" UCL {(c + 3 * math.sqrt(1 - c * c)) * sig_s:.10f}")

    print(f"\n== {TEST} TEST(IMR, MovingRangeSigmaAndLimits)  (the 25 subgroup means as individuals)")
    means = [statistics.fmean(g) for g in groups]
    mr = [abs(b - a) for a, b in zip(means, means[1:])]
    mrbar = statistics.fmean(mr)
    m = statistics.fmean(means)
    s = mrbar / d2[2]
    print(f"d3(2) = {d3[2]:.10f} (sqrt(2 - 4/pi) = {math.sqrt(2 - 4 / math.pi):.10f})")
    print(f"mean {m:.10f}  MRbar {mrbar:.10f}  sigma {s:.10f}  limits {m - 3 * s:.10f} / {m + 3 * s:.10f}")
    ucl = (1 + 3 * d3[2] / d2[2]) * mrbar
    print(f"MR UCL {ucl:.10f}  (ratio {ucl / mrbar:.4f}; Montgomery 3.267)")
    med = statistics.median(mr)
    m2 = math.sqrt(2) * rm.norm_ppf(0.75)
    print(f"median MR {med:.10f}  m2 = {m2:.10f}  sigma {med / m2:.10f}")


if __name__ == "__main__":
    main()
