"""Reference values for tests/spc/normality_test.cpp, TEST(AndersonDarling, PistonRingsAsNortest)
(Python 3 standard library only).

Data: all 200 values of tests/spc/data/pistonrings.csv. Skewness and excess kurtosis by the adjusted estimators
of Minitab and Excel (SKEW, KURT): G1 = n/((n-1)(n-2)) sum z^3, G2 = n(n+1)/((n-1)(n-2)(n-3)) sum z^4 -
3 (n-1)^2/((n-2)(n-3)), z = (x - mean)/s with the sample standard deviation s. The Anderson-Darling statistic
A^2 = -n - (1/n) sum (2i - 1)(ln Phi(z_(i)) + ln(1 - Phi(z_(n+1-i)))) and its p-value from
A* = A^2 (1 + 0.75/n + 2.25/n^2) by D'Agostino & Stephens (1986) Table 4.9 are printed as a cross-check of the
R nortest values the test quotes (A = 0.51807, p = 0.1862).
Run: python3 tests/reference/spc_normality.py
"""
import math
import statistics

import refmath as rm

TEST = "tests/spc/normality_test.cpp"


def ad_p(a):
    if a < 0.2:
        return 1 - math.exp(-13.436 + 101.14 * a - 223.73 * a * a)
    if a < 0.34:
        return 1 - math.exp(-8.318 + 42.796 * a - 59.938 * a * a)
    if a < 0.6:
        return math.exp(0.9177 - 4.279 * a - 1.38 * a * a)
    return math.exp(1.2937 - 5.709 * a + 0.0186 * a * a)


def main():
    x, _ = rm.pistonrings(200)
    n = len(x)
    m = statistics.fmean(x)
    s = statistics.stdev(x)
    z = [(v - m) / s for v in x]
    g1 = n / ((n - 1) * (n - 2)) * sum(t ** 3 for t in z)
    g2 = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum(t ** 4 for t in z) - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    zs = sorted(z)
    a2 = -n - sum((2 * i - 1) * (math.log(rm.phi(zs[i - 1])) + math.log(1 - rm.phi(zs[n - i])))
                  for i in range(1, n + 1)) / n
    astar = a2 * (1 + 0.75 / n + 2.25 / n ** 2)
    print(f"== {TEST} TEST(AndersonDarling, PistonRingsAsNortest)  (n = {n})")
    print(f"A^2 = {a2:.10f}  A* = {astar:.10f}  p = {ad_p(astar):.10f}")
    print(f"skewness G1 = {g1:.10f}  excess kurtosis G2 = {g2:.10f}")


if __name__ == "__main__":
    main()
