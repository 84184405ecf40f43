"""Reference values for the price-index tests (Python 3 standard library only):
tests/market/index_test.cpp, tests/market/price_index_test.cpp and tests/market/geks_test.cpp.

Formulas (ILO/IMF/OECD/UNECE/World Bank Producer Price Index Manual 2004, ch. 15-20; Ivancic, Diewert & Fox
2011 for GEKS and rolling-window splices):
  Laspeyres sum p1 q0 / sum p0 q0, Paasche sum p1 q1 / sum p0 q1, Fisher sqrt(L P),
  Tornqvist exp(sum (s0_i + s1_i)/2 ln(p1_i/p0_i)), s the value shares; bilateral indices use the products present
  in both periods (matched model); chained index = product of period-to-period links;
  GEKS over a window W: ln G(a, b) = mean over l in W of [ln T(a, l) + ln T(l, b)];
  rolling window of w periods: the first window gives P_t = G(0, t) for t < w, then period T is computed in the
  window T-w+1..T and spliced onto the published series (docs/market/index-methodology.md; published values are
  never revised): ln P_T = mean over the linking periods k of [ln P_k + ln G_new(k, T)], with k = T-1 (movement
  splice), k = T-w+1 (window splice), k = T-(w-1)//2, the middle period of the new window (half splice), every k in
  T-w+1..T-1 (mean splice). (Splicing instead onto the previous window's own values, P_{T-1} G_new(k,T)/G_old(k,T-1),
  gives the same movement splice and the same first splice, but other mean/window/half values from T = w+1 on.)
Data: the PPI Manual Tables 19.1/19.2 (six commodities, five periods) as in index_test.cpp; the gpindex/IndexNumR
test panel (price = 1..65, quantity = 65..1, period = rep(1:13, 5), product = rep(1:5, each = 13)) as in
geks_test.cpp.
Run: python3 tests/reference/market_index.py
"""
import math

IDX = "tests/market/index_test.cpp"
PRICE = "tests/market/price_index_test.cpp"
GEKS = "tests/market/geks_test.cpp"

P191 = [[1.0, 1.2, 1.0, 0.8, 1.0], [1.0, 3.0, 1.0, 0.5, 1.0], [1.0, 1.3, 1.5, 1.6, 1.6],
        [1.0, 0.7, 0.5, 0.3, 0.1], [1.0, 1.4, 1.7, 1.9, 2.0], [1.0, 0.8, 0.6, 0.4, 0.2]]
Q192 = [[1.0, 0.8, 1.0, 1.2, 0.9], [1.0, 0.9, 1.1, 1.2, 1.2], [2.0, 1.9, 1.8, 1.9, 2.0],
        [1.0, 1.3, 3.0, 6.0, 12.0], [4.5, 4.7, 5.0, 5.6, 6.5], [0.5, 0.6, 0.8, 1.3, 2.5]]


def bilateral(p0, p1, q0, q1, formula):
    """Dicts item -> price / quantity; matched items only."""
    items = sorted(set(p0) & set(p1))
    if formula in ("L", "P", "F"):
        las = sum(p1[i] * q0[i] for i in items) / sum(p0[i] * q0[i] for i in items)
        paa = sum(p1[i] * q1[i] for i in items) / sum(p0[i] * q1[i] for i in items)
        return {"L": las, "P": paa, "F": math.sqrt(las * paa)}[formula]
    v0 = sum(p0[i] * q0[i] for i in items)
    v1 = sum(p1[i] * q1[i] for i in items)
    return math.exp(sum((p0[i] * q0[i] / v0 + p1[i] * q1[i] / v1) / 2 * math.log(p1[i] / p0[i]) for i in items))


class Panel:
    def __init__(self, prices, quantities):
        self.p, self.q = prices, quantities  # lists over periods of dicts item -> value

    def t(self, a, b, formula):
        return bilateral(self.p[a], self.p[b], self.q[a], self.q[b], formula)

    def geks_log(self, a, b, window, formula):
        return sum(math.log(self.t(a, l, formula)) + math.log(self.t(l, b, formula)) for l in window) / len(window)


def rolling(panel, n, w, splice, formula):
    first = list(range(w))
    series = [math.exp(panel.geks_log(0, t, first, formula)) for t in range(w)]
    for T in range(w, n):
        new = list(range(T - w + 1, T + 1))
        if splice == "movement":
            ks = [T - 1]
        elif splice == "window":
            ks = [T - w + 1]
        elif splice == "half":
            ks = [T - (w - 1) // 2]
        else:
            ks = list(range(T - w + 1, T))
        series.append(math.exp(sum(math.log(series[k]) + panel.geks_log(k, T, new, formula) for k in ks) / len(ks)))
    return series


def ppi_panel():
    return Panel([{i: P191[i][t] for i in range(6)} for t in range(5)],
                 [{i: Q192[i][t] for i in range(6)} for t in range(5)])


def gpindex_panel(dropped=()):
    p = [dict() for _ in range(13)]
    q = [dict() for _ in range(13)]
    for r in range(1, 66):
        if r in dropped:
            continue
        t, item = (r - 1) % 13, (r - 1) // 13
        p[t][item] = float(r)
        q[t][item] = float(66 - r)
    return Panel(p, q)


def show(label, values, digits):
    print(label + ": " + ", ".join(f"{v:.{digits}f}" for v in values))


def main():
    print(f"== {IDX} TEST(Elementary, PpiManualTable191PricesFixedBase)")
    rel = [P191[i][1] / P191[i][0] for i in range(6)]
    print(f"Jevons period 1 = {math.prod(rel) ** (1 / 6):.10f} (product {math.prod(rel):.6f})")
    print(f"Jevons period 4 = {math.prod(P191[i][4] / P191[i][0] for i in range(6)) ** (1 / 6):.10f}")

    print(f"\n== {IDX} TEST(Bilateral, HandComputedTwoItems)")
    a = ({0: 100, 1: 200}, {0: 110, 1: 180}, {0: 10, 1: 5}, {0: 10, 1: 6})
    print(f"Fisher {bilateral(*a, 'F'):.10f}  Tornqvist {bilateral(*a, 'T'):.10f}")

    ppi = ppi_panel()
    print(f"\n== {IDX} TEST(Bilateral, PpiManualTable193FixedBase) (Table 19.3, 4 decimals)")
    for f, name in (("L", "Laspeyres"), ("P", "Paasche"), ("F", "Fisher"), ("T", "Tornqvist")):
        show(name, [ppi.t(0, t, f) for t in range(1, 5)], 4)

    print(f"\n== {IDX} TEST(Chain, PpiManualTable194Chained)")
    for f, name in (("L", "Laspeyres"), ("P", "Paasche"), ("F", "Fisher"), ("T", "Tornqvist")):
        v = [1.0]
        for t in range(1, 5):
            v.append(v[-1] * ppi.t(t - 1, t, f))
        show(name, v, 10)

    print(f"\n== {PRICE} TEST(PriceIndex, GeksOverTheWholeSpan) (base 100)")
    show("GEKS-Tornqvist", [100 * math.exp(ppi.geks_log(0, t, range(5), "T")) for t in range(5)], 10)

    full = gpindex_panel()
    print(f"\n== {GEKS} TEST(Geks, TornqvistFullWindowMatchesIndexNumR)")
    show("GEKS-T", [math.exp(full.geks_log(0, t, range(13), "T")) for t in range(1, 13)], 14)
    print(f"\n== {GEKS} TEST(Geks, FisherWindow11MovementSpliceMatchesIndexNumR)")
    show("GEKS-F w=11 movement", rolling(full, 13, 11, "movement", "F")[1:], 14)
    dropped = gpindex_panel({64, 63, 3, 11, 1})
    print(f"\n== {GEKS} TEST(Geks, TornqvistWithMissingProductsMatchesIndexNumR)")
    show("GEKS-T", [math.exp(dropped.geks_log(0, t, range(13), "T")) for t in range(1, 13)], 14)
    print(f"\n== {GEKS} TEST(Geks, RollingWindowSplicesMatchIndependentComputation) (w = 5, missing products)")
    for splice in ("mean", "window", "half"):
        show(f"{splice} splice", rolling(dropped, 13, 5, splice, "T")[1:], 14)


if __name__ == "__main__":
    main()
