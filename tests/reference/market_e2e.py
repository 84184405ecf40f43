"""Reference values for the market index and turnover tests through the binary and the HTTP API
(tests/e2e/market_e2e_test.cpp). Python 3 standard library only.

The test builds three small markets from the same formulas as below and checks `yandian market index|turnover`
and GET /api/v1/market/index|turnover against the numbers printed here.

1. Monthly market = the gpindex/IndexNumR GEKS test panel (github.com/marberts/gpindex, tests/test_geks.Rout.save,
   which prints IndexNumR::GEKSIndex to 14 decimals): product k = 0..4, month t = 0..12, r = 13 k + t + 1,
   price r, quantity 66 - r. Each (product, month) is sold by five shops at that price and quantity (a shop-level
   unit value equal to the published price; values five times the published ones, so the value shares, and hence
   every index, are unchanged). The GEKS-Tornqvist over the full 13-month window must reproduce IndexNumR's
   published series; this script recomputes it (and the chained Tornqvist) from the formulas.
2. Weekly market: two bearings (6205 and 30205, SKF) in the five ISO weeks 2026-W23..W27 (Wednesday 3 June to
   Tuesday 30 June), five shops selling both every week plus a sixth shop selling 6205 in the first three weeks only,
   and one shop with two sales of 6205 in one week. Index definitions as documented in src/market/panel.hpp:
   an item's relative from a to b is the Jevons (geometric mean) of the shop-level unit values
   (sum q p / sum q of that shop) over the shops that sold it in both periods; the upper level is Tornqvist with the
   item's value over all shops as weight; the chained index multiplies period-to-period links; GEKS over the full
   window: ln G(0, t) = mean over l of [ln T(0, l) + ln T(l, t)].
3. Turnover market (June 2026): group totals of value, quantity and transactions by size class, region and channel,
   and the disclosure rule: a group with fewer than 5 distinct shops is suppressed.
Run: python3 tests/reference/market_e2e.py
"""
import math
from collections import defaultdict


def tornqvist(rel, w0, w1):
    """rel: item -> Jevons relative (matched items only); w0, w1: item -> value over all shops."""
    items = sorted(rel)
    v0 = sum(w0[i] for i in items)
    v1 = sum(w1[i] for i in items)
    return math.exp(sum((w0[i] / v0 + w1[i] / v1) / 2 * math.log(rel[i]) for i in items))


class Market:
    def __init__(self, rows, n_periods):
        """rows: (period, item, shop, quantity, price)."""
        self.n = n_periods
        qp = defaultdict(float)
        q = defaultdict(float)
        for t, i, s, qty, p in rows:
            qp[(t, i, s)] += qty * p
            q[(t, i, s)] += qty
        self.uv = {k: qp[k] / q[k] for k in qp}  # shop-level unit value
        self.value = defaultdict(float)  # (t, i) -> value over all shops
        for (t, i, s), v in qp.items():
            self.value[(t, i)] += v

    def bilateral(self, a, b, items=None):
        rel, w0, w1 = {}, {}, {}
        for (t, i, s), u in self.uv.items():
            if t != a or (items is not None and i not in items) or (b, i, s) not in self.uv:
                continue
            rel.setdefault(i, []).append(math.log(self.uv[(b, i, s)] / u))
        rel = {i: math.exp(sum(x) / len(x)) for i, x in rel.items()}
        for i in rel:
            w0[i], w1[i] = self.value[(a, i)], self.value[(b, i)]
        return tornqvist(rel, w0, w1)

    def chained(self, items=None):
        out, level = [1.0], 1.0
        for t in range(1, self.n):
            level *= self.bilateral(t - 1, t, items)
            out.append(level)
        return out

    def geks(self, items=None):
        def g(a, b):
            if a == b:
                return 1.0
            return math.exp(sum(math.log(self.bilateral(a, l, items) if a != l else 1.0) +
                                math.log(self.bilateral(l, b, items) if l != b else 1.0)
                                for l in range(self.n)) / self.n)
        return [g(0, t) for t in range(self.n)]


def show(name, series):
    print(name + ": " + ", ".join("%.4f" % round(100 * v, 4) for v in series))


# 1. the gpindex/IndexNumR panel as a monthly market
monthly = []
for k in range(5):
    for t in range(13):
        r = 13 * k + t + 1
        for shop in range(5):
            monthly.append((t, k, shop, 66 - r, float(r)))
m = Market(monthly, 13)
print("monthly market (2025-01..2026-01), all items = sub-index deep_groove_ball")
geks13 = m.geks()
print("GEKS-Tornqvist to 14 decimals: " + ", ".join("%.14f" % v for v in geks13[1:]))
show("GEKS x 100, 4 decimals", geks13)
show("chained Tornqvist x 100", m.chained())

# 2. the weekly market
STEP = {0: [0, 60, 40, 120, 150], 1: [0, -50, 30, 80, 20]}
BASE = {0: 2000, 1: 4500}
weekly = []
for t in range(5):
    for i in (0, 1):
        for s in range(5):
            weekly.append((t, i, s, 2 + (s + 2 * t + i) % 4, BASE[i] + STEP[i][t] + 5 * s))
    if t < 3:
        weekly.append((t, 0, 5, 3, 2300 + 100 * t))  # the sixth shop: 6205 in weeks 0..2 only
weekly.append((1, 0, 0, 1, 2150))  # shop 0's second sale of 6205 in week 1
w = Market(weekly, 5)
print("weekly market (2026-W23..2026-W27)")
show("chained all items", w.chained())
show("chained deep_groove_ball (6205)", w.chained({0}))
show("chained tapered_roller (30205)", w.chained({1}))
show("GEKS all items", w.geks())
show("GEKS deep_groove_ball (6205)", w.geks({0}))
show("GEKS tapered_roller (30205)", w.geks({1}))

# 3. turnover, June 2026: (shop, designation, size class, quantity, price in fen, channel, region)
turnover_rows = []
for s in range(8):
    region = "山东" if s <= 5 else "河北"
    turnover_rows.append((s, "6205", "small", s + 1, 2500, "offline" if s <= 4 else "online", region))
    if s <= 4:
        turnover_rows.append((s, "6310", "medium_small", 2, 8000, "online" if s in (3, 4) else "offline", region))
    else:
        turnover_rows.append((s, "608", "micro", 10, 350, "online", region))
turnover_rows.append((0, "6205", "small", 1, 2600, "export", "山东"))
print("turnover market (2026-06, total), min 5 shops")
for by, col in (("size", 2), ("region", 6), ("channel", 5)):
    groups = defaultdict(lambda: [0, 0, 0, set()])
    for row in turnover_rows:
        g = groups[row[col]]
        g[0] += row[3] * row[4]
        g[1] += row[3]
        g[2] += 1
        g[3].add(row[0])
    for name in sorted(groups):
        value, qty, tx, shops = groups[name]
        if len(shops) < 5:
            print("  by %s: %s suppressed (%d shops)" % (by, name, len(shops)))
        else:
            print("  by %s: %s turnover %d.%02d quantity %d transactions %d (%d shops)" %
                  (by, name, value // 100, value % 100, qty, tx, len(shops)))
