"""Reference values for tests/spc/multivariate_test.cpp (Python 3 standard library only).

Data: tests/spc/data/pistonrings.csv (Montgomery Table 6.3). Hotelling T^2 (Montgomery, Introduction to SQC,
sec. 11.3; Tracy, Young & Mason 1992 for individuals), alpha = 0.0027, p = 2 variables:
- individuals: T^2 = (x - xbar)' S^-1 (x - xbar) with xbar, S (divisor m - 1) from the first m = 30
  observations; phase I UCL = (m-1)^2/m Beta_{1-alpha; p/2, (m-p-1)/2}; phase II
  UCL = p (m+1)(m-1)/(m^2 - m p) F_{1-alpha; p, m-p};
- subgroups of n: T^2 = n (xbar_g - xbarbar)' Sbar^-1 (xbar_g - xbarbar), Sbar the mean of the subgroup covariance
  matrices of the first m = 25 subgroups; phase I UCL = p (m-1)(n-1)/(m n - m - p + 1) F_{1-alpha; p, mn-m-p+1},
  phase II UCL = p (m+1)(n-1)/(m n - m - p + 1) F_{1-alpha; p, mn-m-p+1}.
Beta and F quantiles by bisection on the regularised incomplete beta (continued fraction, Numerical Recipes 6.4).
Run: python3 tests/reference/spc_multivariate.py
"""
import statistics

import refmath as rm

TEST = "tests/spc/multivariate_test.cpp"
ALPHA = 0.0027


def cov(a, b):
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (len(a) - 1)


def inv2(s11, s12, s22):
    det = s11 * s22 - s12 * s12
    return s22 / det, -s12 / det, s11 / det


def quad(d1, d2, inv):
    i11, i12, i22 = inv
    return i11 * d1 * d1 + 2 * i12 * d1 * d2 + i22 * d2 * d2


def main():
    x, _ = rm.pistonrings(200)
    print(f"== {TEST} TEST(HotellingT2, IndividualsPhaseOneBetaAndPhaseTwoFLimits)")
    a = [x[g * 5] for g in range(40)]
    b = [x[g * 5 + 1] for g in range(40)]
    m, p = 30, 2
    ma, mb = statistics.fmean(a[:m]), statistics.fmean(b[:m])
    inv = inv2(cov(a[:m], a[:m]), cov(a[:m], b[:m]), cov(b[:m], b[:m]))
    t2 = [quad(u - ma, v - mb, inv) for u, v in zip(a, b)]
    for i in (0, 5, 36):
        print(f"T2[{i}] = {t2[i]:.10f}")
    ucl1 = (m - 1) ** 2 / m * rm.beta_ppf(1 - ALPHA, p / 2, (m - p - 1) / 2)
    ucl2 = p * (m + 1) * (m - 1) / (m * m - m * p) * rm.f_ppf(1 - ALPHA, p, m - p)
    print(f"phase I UCL = {ucl1:.10f}  phase II UCL = {ucl2:.10f}")
    print(f"beyond: phase I {[i for i in range(m) if t2[i] > ucl1]}, phase II {[i for i in range(m, 40) if t2[i] > ucl2]}")

    print(f"\n== {TEST} TEST(HotellingT2, SubgroupsPhaseOneAndTwoFLimits)")
    n, m = 5, 25
    ga = [x[g * 5:g * 5 + 5] for g in range(40)]
    gb = [x[((g + 1) % 40) * 5:((g + 1) % 40) * 5 + 5] for g in range(40)]
    s11 = statistics.fmean(cov(ga[g], ga[g]) for g in range(m))
    s12 = statistics.fmean(cov(ga[g], gb[g]) for g in range(m))
    s22 = statistics.fmean(cov(gb[g], gb[g]) for g in range(m))
    inv = inv2(s11, s12, s22)
    gma = statistics.fmean(statistics.fmean(ga[g]) for g in range(m))
    gmb = statistics.fmean(statistics.fmean(gb[g]) for g in range(m))
    t2 = [n * quad(statistics.fmean(ga[g]) - gma, statistics.fmean(gb[g]) - gmb, inv) for g in range(40)]
    for i in (0, 38):
        print(f"T2[{i}] = {t2[i]:.10f}")
    d = m * n - m - p + 1
    f = rm.f_ppf(1 - ALPHA, p, d)
    ucl1 = p * (m - 1) * (n - 1) / d * f
    ucl2 = p * (m + 1) * (n - 1) / d * f
    print(f"phase I UCL = {ucl1:.10f}  phase II UCL = {ucl2:.10f}")
    print(f"beyond: phase I {[i for i in range(m) if t2[i] > ucl1]}, phase II {[i for i in range(m, 40) if t2[i] > ucl2]}")


if __name__ == "__main__":
    main()
