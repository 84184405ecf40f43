"""Reference values for tests/app/marked_values_test.cpp (Python 3 standard library only).

Reads tests/ingest/data/bore_marked_values.dfq and visual_attribute.dfq with a minimal line reader of the AQDEF
K-fields used there (K0001 value, K0020 sample size, K0021 defect count, K0002 attribute; a value with K0002 != 0
is marked invalid and left out), then: individuals chart from the first 25 valid values (centre = mean,
sigma = MRbar/d2(2), d2(2) = 2/sqrt(pi)); capability over all valid values with the file's K2110/K2111 limits
(Cp = (USL - LSL)/(6 sigma_w), Cpk = min(USL - mean, mean - LSL)/(3 sigma_w), sigma_w from the moving ranges);
p chart from the first 25 valid samples (pbar = sum d / sum n, UCL = pbar + 3 sqrt(pbar (1 - pbar)/n)).
Run: python3 tests/reference/marked_values.py
"""
import math
import os
import statistics

TEST = "tests/app/marked_values_test.cpp"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ingest", "data")


def samples(name):
    """List of dicts with the K-fields of each sample, in file order, plus the header fields."""
    out, head, cur = [], {}, None
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            key, _, val = line.partition(" ")
            field = key.split("/")[0]
            if field in ("K0001", "K0020") or (field == "K0021" and (cur is None or "K0021" in cur)):
                cur = {}
                out.append(cur)
            if field.startswith("K00") and field != "K0100":
                cur[field] = val
            else:
                head[field] = val
    return head, out


def mr_sigma(x):
    mr = [abs(b - a) for a, b in zip(x, x[1:])]
    return statistics.fmean(mr) / (2 / math.sqrt(math.pi)), sum(mr)


def main():
    head, s = samples("bore_marked_values.dfq")
    valid = [float(v["K0001"]) for v in s if int(v.get("K0002", "0")) == 0]
    marked = [(i + 1, v["K0001"], v["K0002"]) for i, v in enumerate(s) if int(v.get("K0002", "0")) != 0]
    print(f"== {TEST} (bore_marked_values.dfq)")
    print(f"{len(s)} values, {len(valid)} valid; marked (1-based position in the file, value, K0002): {marked}")
    ph1 = valid[:25]
    sig, mrsum = mr_sigma(ph1)
    print(f"phase I: centre {statistics.fmean(ph1):.9f} mm, MR sum {mrsum * 1000:.6f} um,"
          f" sigma {sig * 1000:.6f} um")
    lsl, usl = float(head["K2110"]), float(head["K2111"])
    m = statistics.fmean(valid)
    sw, mrsum = mr_sigma(valid)
    print(f"capability over {len(valid)} valid values: mean {m:.9f} mm, MR sum {mrsum * 1000:.6f} um,"
          f" sigma_w {sw * 1000:.6f} um")
    print(f"spec {lsl} .. {usl}: Cp {(usl - lsl) / (6 * sw):.9f}  Cpk {min(usl - m, m - lsl) / (3 * sw):.9f}")

    _, a = samples("visual_attribute.dfq")
    ok = [(int(v["K0021"]), int(v["K0020"])) for v in a if int(v.get("K0002", "0")) == 0]
    d = sum(c for c, _ in ok[:25])
    n = sum(k for _, k in ok[:25])
    pbar = d / n
    print(f"\n== {TEST} (visual_attribute.dfq)")
    print(f"{len(a)} samples, {len(ok)} valid; phase I: {d} of {n}: pbar {pbar:.10f},"
          f" UCL (n = 50) {pbar + 3 * math.sqrt(pbar * (1 - pbar) / 50):.10f}; last sample {ok[-1][0]}/{ok[-1][1]}")


if __name__ == "__main__":
    main()
