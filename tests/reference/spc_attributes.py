"""Reference values for tests/spc/attributes_test.cpp, TEST(UChart, VaryingSizesGivePerPointLimits)
(Python 3 standard library only; exact fractions for the centre line).

u chart with varying sample sizes (Montgomery, Introduction to SQC, sec. 7.3.3): ubar = sum c_i / sum n_i,
limits ubar +/- 3 sqrt(ubar / n_i), LCL clipped at 0. Inputs are the literal counts and sizes of the test.
Run: python3 tests/reference/spc_attributes.py
"""
import math
from fractions import Fraction

TEST = "tests/spc/attributes_test.cpp"


def main():
    counts = [14, 12, 20, 11, 7, 10, 21, 16, 19, 23]
    sizes = [10, 8, 13, 10, 10, 10, 12, 11, 12, 13]
    ubar = Fraction(sum(counts), sum(sizes))
    u = float(ubar)
    print(f"== {TEST} TEST(UChart, VaryingSizesGivePerPointLimits)")
    print(f"ubar = {ubar} = {u:.10f}")
    for i, (c, n) in enumerate(zip(counts, sizes)):
        h = 3 * math.sqrt(u / n)
        print(f"point {i}: n = {n:2d}  u = {c / n:.10f}  LCL {max(0.0, u - h):.8f}  UCL {u + h:.8f}")


if __name__ == "__main__":
    main()
