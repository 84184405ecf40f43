"""Reference values for tests/spc/constants_test.cpp and the constants table of the SPC module
(Python 3 standard library only).

d2(n) = integral over [-9, 9] of 1 - Phi(x)^n - (1 - Phi(x))^n (the mean range of n standard normals), composite
Simpson with step 0.01 and a 3/8 end panel when the panel count is odd; d3(n) = sqrt(E[W^2] - d2^2) with
E[W^2] = 2 int_0^12 w P(W > w) dw and P(W <= w) = n int phi(x) (Phi(x + w) - Phi(x))^(n-1) dx (Montgomery,
Introduction to SQC, App. VI; Tippett 1925); c4(n) = sqrt(2/(n-1)) Gamma(n/2)/Gamma((n-1)/2).
Takes about a minute (d3 is a double integral).
Run: python3 tests/reference/spc_constants.py
"""
import math

import refmath as rm

TEST = "tests/spc/constants_test.cpp"


def main():
    print(f"== {TEST} TEST(Constants, IntegralsReproduceTheTable) (table n = 2..25)")
    print(" n  d2            d3            c4")
    for n in range(2, 26):
        print(f"{n:2d}  {rm.d2(n):.10f}  {rm.d3(n):.10f}  {rm.c4(n):.10f}")
    print(f"check of the outer step for d3(3): step 0.005 gives {rm.d3(3, 0.01, 9.0, 0.005):.12f}"
          " (the 10th decimal above may be off by one)")
    print(f"\n== {TEST} TEST(Constants, ExactIdentities)")
    print(f"2/sqrt(pi) = {2 / math.sqrt(math.pi):.10f}  3/sqrt(pi) = {3 / math.sqrt(math.pi):.10f}"
          f"  sqrt(2 - 4/pi) = {math.sqrt(2 - 4 / math.pi):.10f}  sqrt(2/pi) = {math.sqrt(2 / math.pi):.10f}")
    print(f"\n== {TEST} TEST(Constants, BeyondTheTable)")
    print(f"d2(30) = {rm.d2(30):.10f}  d2(50) = {rm.d2(50):.10f}")
    print(f"c4(100) = {rm.c4(100):.10f}  4*99/397 = {4 * 99 / 397:.10f}")


if __name__ == "__main__":
    main()
