"""Special functions for the reference scripts, Python 3 standard library only.

Written from textbook formulas (Numerical Recipes 3rd ed. sections 6.2 and 6.4 for the incomplete gamma and beta
functions; Abramowitz & Stegun 26.2 for the normal distribution). Quantiles are found by bisection, which is slow
but has no tuning that could hide an error.
"""
import math
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spc", "data")


def phi(x):
    """Standard normal cdf."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def pdf(x):
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def bisect(f, lo, hi, target, iters=200):
    """x in [lo, hi] with f(x) = target for an increasing f."""
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def norm_ppf(p):
    return bisect(phi, -40.0, 40.0, p)


def gammainc_p(a, x):
    """Regularised lower incomplete gamma P(a, x): series for x < a + 1, continued fraction otherwise."""
    if x <= 0.0:
        return 0.0
    lg = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        term = 1.0 / a
        s = term
        ap = a
        for _ in range(10000):
            ap += 1.0
            term *= x / ap
            s += term
            if abs(term) < abs(s) * 1e-17:
                break
        return s * math.exp(lg)
    # Lentz continued fraction for Q(a, x)
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-17:
            break
    return 1.0 - math.exp(lg) * h


def chi2_cdf(x, v):
    return gammainc_p(v / 2.0, x / 2.0)


def chi2_ppf(p, v):
    return bisect(lambda x: chi2_cdf(x, v), 0.0, 10.0 * v + 200.0, p)


def _betacf(a, b, x):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1.0 / d
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return h


def betainc(a, b, x):
    """Regularised incomplete beta I_x(a, b) (Numerical Recipes 6.4)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(lbt) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * _betacf(b, a, 1.0 - x) / b


def beta_ppf(p, a, b):
    return bisect(lambda x: betainc(a, b, x), 0.0, 1.0, p)


def f_cdf(x, d1, d2):
    return betainc(d1 / 2.0, d2 / 2.0, d1 * x / (d1 * x + d2))


def f_sf(x, d1, d2):
    """Upper tail of the F distribution (the ANOVA p-value)."""
    return betainc(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * x))


def f_ppf(p, d1, d2):
    # F = (d2/d1) y/(1-y) with y ~ Beta(d1/2, d2/2)
    y = beta_ppf(p, d1 / 2.0, d2 / 2.0)
    return d2 / d1 * y / (1.0 - y)


def simpson(f, a, b, h):
    """Composite Simpson's rule with step h; an odd number of panels gets a Simpson 3/8 end panel."""
    n = int(round((b - a) / h))
    xs = [a + i * h for i in range(n + 1)]
    ys = [f(x) for x in xs]
    m = n if n % 2 == 0 else n - 3
    s = ys[0] + ys[m] + 4.0 * sum(ys[1:m:2]) + 2.0 * sum(ys[2:m - 1:2])
    total = s * h / 3.0
    if m != n:
        total += 3.0 * h / 8.0 * (ys[m] + 3.0 * ys[m + 1] + 3.0 * ys[m + 2] + ys[m + 3])
    return total


def d2(n, h=0.01, lim=9.0):
    """Mean range of n standard normals: integral of 1 - Phi^n - (1 - Phi)^n."""
    return simpson(lambda x: 1.0 - phi(x) ** n - (1.0 - phi(x)) ** n, -lim, lim, h)


def d3(n, h=0.01, lim=9.0, hw=0.01):
    """Standard deviation of the range of n standard normals: d3 = sqrt(E[W^2] - d2^2), with
    E[W^2] = 2 int_0^12 w P(W > w) dw (Simpson, step hw) and the range distribution
    P(W <= w) = n int phi(x) (Phi(x + w) - Phi(x))^(n-1) dx (Simpson, step h on [-lim, lim])."""
    def cdf_w(w):
        return n * simpson(lambda x: pdf(x) * (phi(x + w) - phi(x)) ** (n - 1), -lim, lim, h)
    ew2 = simpson(lambda w: 2.0 * w * (1.0 - cdf_w(w)), 0.0, 12.0, hw)
    m = d2(n, h, lim)
    return math.sqrt(ew2 - m * m)


def c4(n):
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2.0) - math.lgamma((n - 1) / 2.0))


def read_csv(name):
    import csv
    with open(os.path.join(DATA, name), newline="") as f:
        return list(csv.DictReader(f))


def pistonrings(count=200):
    rows = read_csv("pistonrings.csv")[:count]
    return [float(r["value"]) for r in rows], [r["subgroup"] for r in rows]


def subgroups(values, ids):
    groups, order = {}, []
    for v, i in zip(values, ids):
        if i not in groups:
            groups[i] = []
            order.append(i)
        groups[i].append(v)
    return [groups[i] for i in order]
