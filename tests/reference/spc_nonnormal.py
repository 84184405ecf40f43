"""Reference values for tests/spc/nonnormal_test.cpp and TEST(SpcCli, NonNormalCapabilityMethods) of
tests/spc/cli_test.cpp (Python 3 standard library only).

Data: the 30 skewed values kData of the test (drawn once as 2 exp(N(0, 0.5)), rounded to 4 digits).
- Box-Cox (Box & Cox 1964): lambda maximises the profile log-likelihood
  -n/2 ln(var_ML(y)) + (lambda - 1) sum ln x, y = (x^lambda - 1)/lambda (ln x at 0), found by ternary search on
  [-5, 5]; capability on the transformed scale with individual values: sigma_w = MRbar/d2(2), d2(2) = 2/sqrt(pi),
  sigma_o = sample standard deviation, spec limits transformed the same way.
- Maximum-likelihood fits: normal (closed form, ML variance), lognormal (closed form on ln x), Weibull (shape k
  from the score equation sum x^k ln x / sum x^k - 1/k - mean ln x = 0 by bisection, scale (mean x^k)^(1/k)),
  gamma (shape a from ln a - digamma(a) = ln(mean) - mean(ln x) by bisection, scale mean/a; digamma by recurrence
  up to 10 and its asymptotic series).
- ISO 22514-2 percentile method with the best fit (largest log-likelihood): Pp = (USL - LSL)/(X99.865 - X0.135),
  Ppl = (X50 - LSL)/(X50 - X0.135), Ppu = (USL - X50)/(X99.865 - X50); expected ppm = 1e6 (F(LSL) + 1 - F(USL)).
Run: python3 tests/reference/spc_nonnormal.py
"""
import math
import statistics
from statistics import NormalDist

import refmath as rm

TEST = "tests/spc/nonnormal_test.cpp"
CLI = "tests/spc/cli_test.cpp"
X = [1.8860, 2.9391, 1.1851, 3.1966, 1.0876, 2.6007, 3.4624, 2.0383, 1.3842, 3.1456,
     1.3794, 1.7997, 3.8962, 1.6893, 0.8212, 1.5434, 3.1519, 2.5521, 3.4726, 1.3719,
     0.9040, 2.6853, 1.5504, 1.9113, 1.8644, 5.0500, 2.5809, 2.3512, 1.9199, 1.4774]
LSL, USL = 0.5, 6.0


def bc(x, lam):
    return math.log(x) if lam == 0 else (x ** lam - 1) / lam


def profile(lam):
    y = [bc(v, lam) for v in X]
    m = statistics.fmean(y)
    var = sum((t - m) ** 2 for t in y) / len(y)
    return -len(y) / 2 * math.log(var) + (lam - 1) * sum(math.log(v) for v in X)


def digamma(a):
    r = 0.0
    while a < 10:
        r -= 1 / a
        a += 1
    f = 1 / (a * a)
    return r + math.log(a) - 0.5 / a - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))


def main():
    n = len(X)
    lo, hi = -5.0, 5.0
    for _ in range(300):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if profile(a) < profile(b):
            lo = a
        else:
            hi = b
    lam = (lo + hi) / 2
    y = [bc(v, lam) for v in X]
    m = statistics.fmean(y)
    mr = statistics.fmean(abs(b - a) for a, b in zip(y, y[1:]))
    sw = mr / (2 / math.sqrt(math.pi))
    so = statistics.stdev(y)
    L, U = bc(LSL, lam), bc(USL, lam)
    print(f"== {TEST} TEST(BoxCox, MaximumLikelihoodLambdaAndTransformedCapability)")
    print(f"   (also {CLI} TEST(SpcCli, NonNormalCapabilityMethods): lambda)")
    print(f"lambda = {lam:.10f}  L = {L:.10f}  U = {U:.10f}")
    print(f"mean {m:.10f}  sigma_w (MR) {sw:.10f}  Cpk {min(U - m, m - L) / (3 * sw):.10f}"
          f"  Ppk {min(U - m, m - L) / (3 * so):.10f}")

    print(f"\n== {TEST} TEST(Percentile, MaximumLikelihoodFitsOfTheFourFamilies)")
    ln = [math.log(v) for v in X]
    mx = statistics.fmean(X)
    s2 = sum((v - mx) ** 2 for v in X) / n
    ll_norm = -n / 2 * (math.log(2 * math.pi * s2) + 1)
    mu = statistics.fmean(ln)
    sl = math.sqrt(sum((t - mu) ** 2 for t in ln) / n)
    ll_logn = sum(-math.log(v * sl * math.sqrt(2 * math.pi)) - (math.log(v) - mu) ** 2 / (2 * sl * sl) for v in X)
    mln = statistics.fmean(ln)

    def wscore(k):
        sk = sum(v ** k for v in X)
        return sum(v ** k * math.log(v) for v in X) / sk - 1 / k - mln

    k = rm.bisect(wscore, 0.01, 50.0, 0.0)
    lamw = statistics.fmean(v ** k for v in X) ** (1 / k)
    ll_w = sum(math.log(k / lamw) + (k - 1) * math.log(v / lamw) - (v / lamw) ** k for v in X)
    rhs = math.log(mx) - mln
    ga = rm.bisect(lambda a: -(math.log(a) - digamma(a)), 0.01, 1000.0, -rhs)
    gb = mx / ga
    ll_g = sum((ga - 1) * math.log(v) - v / gb - math.lgamma(ga) - ga * math.log(gb) for v in X)
    print(f"normal: mean {mx:.10f}  sd_ML {math.sqrt(s2):.10f}  loglik {ll_norm:.10f}")
    print(f"lognormal: mu {mu:.10f}  sigma {sl:.10f}  loglik {ll_logn:.10f}")
    print(f"Weibull: shape {k:.10f}  scale {lamw:.10f}  loglik {ll_w:.10f}"
          f"  quantile(0.99865) {lamw * (-math.log(1 - 0.99865)) ** (1 / k):.10f}")
    print(f"gamma: shape {ga:.10f}  scale {gb:.10f}  loglik {ll_g:.10f}")

    print(f"\n== {TEST} TEST(Percentile, Iso22514IndicesFromTheBestFit)")
    print(f"   (also {CLI} TEST(SpcCli, NonNormalCapabilityMethods): percentile Ppk)")
    best = max([("normal", ll_norm), ("lognormal", ll_logn), ("Weibull", ll_w), ("gamma", ll_g)], key=lambda t: t[1])
    print(f"best fit: {best[0]}")
    nd = NormalDist(mu, sl)
    q = lambda p: math.exp(nd.inv_cdf(p))
    x0, x50, x1 = q(0.00135), q(0.5), q(0.99865)
    print(f"X0.135 {x0:.10f}  X50 {x50:.10f}  X99.865 {x1:.10f}")
    ppl = (x50 - LSL) / (x50 - x0)
    ppu = (USL - x50) / (x1 - x50)
    print(f"Pp {(USL - LSL) / (x1 - x0):.10f}  Ppl {ppl:.10f}  Ppu = Ppk {min(ppl, ppu):.10f}")
    ppm = 1e6 * (nd.cdf(math.log(LSL)) + 1 - nd.cdf(math.log(USL)))
    print(f"expected ppm {ppm:.10f}")


if __name__ == "__main__":
    main()
