"""Reference values for tests/spc/grr_test.cpp (Python 3 standard library only).

Data: tests/spc/data/grr_aiag.csv, the AIAG MSA 4th edition gauge study (10 parts x 3 appraisers x 3 trials).
Two-way crossed ANOVA with interaction (Montgomery, Design and Analysis of Experiments, ch. 13; AIAG MSA 4th ed.
Appendix A): sums of squares from the cell, row and column means; F p-values from the regularised incomplete beta
(continued fraction, Numerical Recipes 6.4). When the interaction is not significant (p > alpha = 0.25) it is pooled
into the error: MSE' = (SSPO + SSE)/(dfPO + dfE); variance components repeatability = MSE',
operator = (MSO - MSE')/(p r), part = (MSP - MSE')/(o r), each clipped at 0.
Run: python3 tests/reference/spc_grr.py
"""
import math

import refmath as rm

TEST = "tests/spc/grr_test.cpp"


def main():
    rows = rm.read_csv("grr_aiag.csv")
    parts = sorted({r["part"] for r in rows}, key=int)
    ops = sorted({r["operator"] for r in rows})
    cell = {}
    for r in rows:
        cell.setdefault((r["part"], r["operator"]), []).append(float(r["value"]))
    p, o = len(parts), len(ops)
    reps = len(next(iter(cell.values())))
    allv = [float(r["value"]) for r in rows]
    g = sum(allv) / len(allv)
    pm = {a: sum(sum(cell[(a, b)]) for b in ops) / (o * reps) for a in parts}
    om = {b: sum(sum(cell[(a, b)]) for a in parts) / (p * reps) for b in ops}
    cm = {k: sum(v) / reps for k, v in cell.items()}
    ss_t = sum((v - g) ** 2 for v in allv)
    ss_p = o * reps * sum((pm[a] - g) ** 2 for a in parts)
    ss_o = p * reps * sum((om[b] - g) ** 2 for b in ops)
    ss_po = reps * sum((cm[(a, b)] - pm[a] - om[b] + g) ** 2 for a in parts for b in ops)
    ss_e = sum((v - cm[k]) ** 2 for k, vs in cell.items() for v in vs)
    df_p, df_o, df_po, df_e = p - 1, o - 1, (p - 1) * (o - 1), p * o * (reps - 1)
    ms_p, ms_o, ms_po, ms_e = ss_p / df_p, ss_o / df_o, ss_po / df_po, ss_e / df_e
    f_po = ms_po / ms_e
    p_po = rm.f_sf(f_po, df_po, df_e)
    print(f"== {TEST} TEST(GaugeRR, AiagMsa4thEditionAnovaMethod)")
    print(f"SS appraiser {ss_o:.10f}  parts {ss_p:.10f}  interaction {ss_po:.10f}  equipment {ss_e:.10f}"
          f"  total {ss_t:.10f}")
    print(f"F(interaction) = {f_po:.10f}  p = {p_po:.10f}")
    mse = (ss_po + ss_e) / (df_po + df_e)
    v_rep = mse
    v_op = max(0.0, (ms_o - mse) / (p * reps))
    v_part = max(0.0, (ms_p - mse) / (o * reps))
    v_grr = v_rep + v_op
    v_tot = v_grr + v_part
    sd = {k: math.sqrt(v) for k, v in
          {"EV": v_rep, "AV": v_op, "GRR": v_grr, "PV": v_part, "TV": v_tot}.items()}
    print(f"pooled MSE = {mse:.10f}")
    for k in ("EV", "AV", "GRR", "PV", "TV"):
        print(f"{k} sd = {sd[k]:.10f}  %study var = {100 * sd[k] / sd['TV']:.4f}")
    print(f"%Contribution GRR = {100 * v_grr / v_tot:.10f}")
    print(f"%Tolerance GRR (tolerance 6) = {100 * 6 * sd['GRR'] / 6.0:.10f}")
    print(f"ndc = floor(1.41 PV / GRR) = {math.floor(1.41 * sd['PV'] / sd['GRR'])}"
          f"  (1.41 PV/GRR = {1.41 * sd['PV'] / sd['GRR']:.4f})")

    print(f"\n== {TEST} TEST(GaugeRR, KeepsTheInteractionWhenSignificant)  (interaction kept)")
    print(f"MS part {ms_p:.10f}  MS operator {ms_o:.10f}  MSPO {ms_po:.10f}  MSE {ms_e:.10f}")
    print(f"part-op variance (MSPO - MSE)/r = {(ms_po - ms_e) / reps:.10f} -> clipped to 0")
    print(f"operator variance (MSO - MSPO)/(p r) = {(ms_o - ms_po) / (p * reps):.10f}")
    print(f"part variance (MSP - MSPO)/(o r) = {(ms_p - ms_po) / (o * reps):.10f}")
    print(f"F(part) = MSP/MSPO = {ms_p / ms_po:.10f}")


if __name__ == "__main__":
    main()
