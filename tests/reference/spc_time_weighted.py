"""Reference values for tests/spc/time_weighted_test.cpp (Python 3 standard library only).

Data: Montgomery, Introduction to SQC, Table 9.1 (30 observations, mu0 = 10, sigma = 1), the literal vector
kTable91 of the test. Tabular CUSUM (Montgomery sec. 9.1.2): C+_i = max(0, x_i - (mu0 + K) + C+_{i-1}),
C-_i = max(0, (mu0 - K) - x_i + C-_{i-1}), K = k sigma, H = h sigma. EWMA (sec. 9.2): z_i = lambda x_i +
(1 - lambda) z_{i-1}, z_0 = mu0, limits mu0 +/- L sigma sqrt(lambda/(2 - lambda) (1 - (1 - lambda)^(2i))).
Run: python3 tests/reference/spc_time_weighted.py
"""
import math

TEST = "tests/spc/time_weighted_test.cpp"
X = [9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34,
     9.03, 11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
     10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52]


def main():
    mu, sigma = 10.0, 1.0
    print(f"== {TEST} TEST(Cusum, MontgomeryExample91)  (k = 0.5, h = 5)")
    cp = cm = 0.0
    for i, x in enumerate(X, start=1):
        cp = max(0.0, x - (mu + 0.5 * sigma) + cp)
        cm = max(0.0, (mu - 0.5 * sigma) - x + cm)
        flag = " signal" if cp > 5 * sigma or cm > 5 * sigma else ""
        print(f"period {i:2d}: C+ {cp:.4f}  C- {cm:.4f}{flag}")

    print(f"\n== {TEST} TEST(Ewma, MontgomeryExample92ExactLimits)  (lambda = 0.1, L = 2.7)")
    lam, L = 0.1, 2.7
    z = mu
    for i, x in enumerate(X, start=1):
        z = lam * x + (1 - lam) * z
        h = L * sigma * math.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * i)))
        flag = " signal" if z > mu + h or z < mu - h else ""
        print(f"period {i:2d}: z {z:.6f}  LCL {mu - h:.6f}  UCL {mu + h:.6f}{flag}")
    print(f"asymptotic half-width L sigma sqrt(lambda/(2 - lambda)) = {L * math.sqrt(lam / (2 - lam)):.6f}")


if __name__ == "__main__":
    main()
