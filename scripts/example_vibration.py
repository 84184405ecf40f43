#!/usr/bin/env python3
"""Writes examples/outer-race-6205.csv: 2 s of acceleration at 12 kHz from a 6205 with an outer-race defect at
1750 r/min (impacts at BPFO = 4.5 * 1750/60 * (1 - 0.3126/1.537) = 104.56 Hz, each ringing a 3 kHz resonance and
decaying at 900 1/s, amplitude 0.3 g), plus Gaussian noise of 0.05 g. Standard library only; seeded, so the file is
reproducible."""
import math
import random
import sys

fs, rpm, seconds = 12000, 1750, 2.0
bpfo = 9 / 2 * rpm / 60 * (1 - 0.3126 / 1.537)
n = int(fs * seconds)
x = [0.0] * n
t = 0.005
while t < seconds:
    start = int(t * fs)
    for i in range(start, min(n, start + 60)):
        tau = i / fs - t
        x[i] += 0.3 * math.exp(-900 * tau) * math.sin(2 * math.pi * 3000 * tau)
    t += 1 / bpfo
rng = random.Random(3)
out = open(sys.argv[1] if len(sys.argv) > 1 else "examples/outer-race-6205.csv", "w")
out.write("# fs=12000\n# unit=g\n# rpm=1750\nacceleration\n")
for v in x:
    out.write(f"{v + rng.gauss(0, 0.05):.4f}\n")
