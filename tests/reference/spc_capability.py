"""Reference values for tests/spc/capability_test.cpp (Python 3 standard library only).

Data: tests/spc/data/pistonrings.csv, the 25 trial subgroups of Montgomery Table 6.3, spec 73.95 .. 74.05.
Formulas (Montgomery, Introduction to SQC, ch. 8; Minitab "Methods and formulas" for capability analysis):
  sigma_within = Rbar / d2(5), d2 by numerical integration of the range distribution;
  sigma_overall = sample standard deviation of all N values;
  Cp = (USL-LSL)/(6 s_w), Cpl = (mean-LSL)/(3 s_w), Cpu = (USL-mean)/(3 s_w), Cpk = min;
  Pp, Ppl, Ppu, Ppk likewise with s_o; Cpm = (USL-LSL)/(6 sqrt(s_w^2 + (mean-T)^2)), T = 74.000 (mid-point);
  95 % intervals: Cp*sqrt(chi2_{a/2,v}/v) .. Cp*sqrt(chi2_{1-a/2,v}/v), v = 0.9 k (n-1) for Rbar (Minitab),
  Cpk -/+ z sqrt(1/(9 N) + Cpk^2/(2 v)); Cpm chi-square interval with v = N (1 + d^2) / (1 + 2 d^2),
  d = (mean - T)/s_w (the qcc 2.7 form documented in docs/spc/capability.md; Boyles' 1991 Satterthwaite form
  N (1 + d^2)^2 / (1 + 2 d^2) is printed alongside for comparison);
  ppm = 1e6 (Phi((LSL-mean)/s) + 1 - Phi((USL-mean)/s)).
Run: python3 tests/reference/spc_capability.py
"""
import math
import statistics

import refmath as rm

TEST = "tests/spc/capability_test.cpp"


def main():
    x, ids = rm.pistonrings(125)
    groups = rm.subgroups(x, ids)
    k, n, N = len(groups), 5, len(x)
    rbar = statistics.fmean(max(g) - min(g) for g in groups)
    d2 = rm.d2(5)
    sw = rbar / d2
    so = statistics.stdev(x)
    m = statistics.fmean(x)
    lsl, usl, t = 73.95, 74.05, 74.0
    z = rm.norm_ppf(0.975)
    out = {}
    print(f"== {TEST} TEST(Capability, MinitabDegreesOfFreedomAndPerformanceIndices)")
    print(f"check: chi2_0.025,10 = {rm.chi2_ppf(0.025, 10):.3f}, chi2_0.975,10 = {rm.chi2_ppf(0.975, 10):.3f}")
    print(f"Rbar = {rbar:.10f}  d2(5) = {d2:.10f}")
    print(f"sigma_within = {sw:.10f}  sigma_overall = {so:.10f}  mean = {m:.10f}")
    cp = (usl - lsl) / (6 * sw)
    cpl = (m - lsl) / (3 * sw)
    cpu = (usl - m) / (3 * sw)
    cpk = min(cpl, cpu)
    cpm = (usl - lsl) / (6 * math.sqrt(sw * sw + (m - t) ** 2))
    pp = (usl - lsl) / (6 * so)
    ppl = (m - lsl) / (3 * so)
    ppu = (usl - m) / (3 * so)
    ppk = min(ppl, ppu)
    print(f"Cp = {cp:.10f}  Cpl = {cpl:.10f}  Cpu = {cpu:.10f}  Cpk = {cpk:.10f}  Cpm = {cpm:.10f}")
    print(f"Pp = {pp:.10f}  Ppl = {ppl:.10f}  Ppu = {ppu:.10f}  Ppk = {ppk:.10f}")

    def ci_ratio(c, v):
        return c * math.sqrt(rm.chi2_ppf(0.025, v) / v), c * math.sqrt(rm.chi2_ppf(0.975, v) / v)

    def ci_k(c, v):
        h = z * math.sqrt(1.0 / (9.0 * N) + c * c / (2.0 * v))
        return c - h, c + h

    vw = 0.9 * k * (n - 1)
    vo = N - 1
    print(f"v_within = 0.9 k (n-1) = {vw}")
    print("Cp CI  %.10f .. %.10f" % ci_ratio(cp, vw))
    print("Cpk CI %.10f .. %.10f" % ci_k(cpk, vw))
    print(f"v_overall = N - 1 = {vo}")
    print("Pp CI  %.10f .. %.10f" % ci_ratio(pp, vo))
    print("Ppk CI %.10f .. %.10f" % ci_k(ppk, vo))
    dlt = (m - t) / sw
    vm = N * (1 + dlt * dlt) / (1 + 2 * dlt * dlt)
    print(f"Cpm v = N (1 + d^2)/(1 + 2 d^2) = {vm:.6f}")
    print("Cpm CI %.10f .. %.10f" % ci_ratio(cpm, vm))
    vb = N * (1 + dlt * dlt) ** 2 / (1 + 2 * dlt * dlt)
    print(f"  (for comparison, Boyles v = N (1 + d^2)^2/(1 + 2 d^2) = {vb:.6f}: CI %.10f .. %.10f)" % ci_ratio(cpm, vb))
    ppm_w = 1e6 * (rm.phi((lsl - m) / sw) + 1 - rm.phi((usl - m) / sw))
    ppm_o = 1e6 * (rm.phi((lsl - m) / so) + 1 - rm.phi((usl - m) / so))
    print(f"ppm expected within = {ppm_w:.10f}  overall = {ppm_o:.10f}")
    print(f"observed out of spec: {sum(1 for v in x if v < lsl or v > usl)}")

    print(f"\n== {TEST} TEST(Capability, OneSidedSpecUsesOnlyThatSide)  (USL = 74.02 only)")
    usl1 = 74.02
    cpu1 = (usl1 - m) / (3 * sw)
    ppu1 = (usl1 - m) / (3 * so)
    above = sum(1 for v in x if v > usl1)
    print(f"Cpu = Cpk = {cpu1:.10f}  Ppu = Ppk = {ppu1:.10f}")
    print(f"values above: {above} of {N}: observed ppm = {1e6 * above / N:.4f}")
    print(f"expected within ppm = {1e6 * (1 - rm.phi((usl1 - m) / sw)):.10f} (d2(5) integrated)")
    sw10 = rbar / round(d2, 10)
    print(f"expected within ppm = {1e6 * (1 - rm.phi((usl1 - m) / sw10)):.10f} (d2(5) rounded to 10 decimals,"
          f" {round(d2, 10)}, as in the constants table)")

    print(f"\n== {TEST} TEST(Capability, ReproducesQcc27PrintedIndicesAndIntervals)  (sigma = 0.02276/2.326, v = N-1)")
    sq = 0.02276 / 2.326
    cpq = (usl - lsl) / (6 * sq)
    cpkq = min(m - lsl, usl - m) / (3 * sq)
    cpmq = (usl - lsl) / (6 * math.sqrt(sq * sq + (m - t) ** 2))
    print("Cp %.4f (%.4f, %.4f)" % ((cpq,) + ci_ratio(cpq, vo)))
    print("Cpk %.4f (%.4f, %.4f)" % ((cpkq,) + ci_k(cpkq, vo)))
    print("Cpm %.4f" % cpmq)


if __name__ == "__main__":
    main()
