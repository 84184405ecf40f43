#!/usr/bin/env python3
"""Reference values for tests/stats/plan_tracking_test.cpp, computed independently of the C++ code.

Growth rates are plain (to/from)**(1/years) - 1 on the plan's printed figures (data/plan/enterprise_targets.csv,
data/plan/targets.csv). The forecast is statsmodels' OLS of ln(value) on the year, with its 95% prediction interval
(get_prediction(...).summary_frame(alpha=0.05), obs_ci_lower / obs_ci_upper) taken back with exp.
Needs Debian's python3-numpy and python3-statsmodels; from the repository root:
  /usr/bin/python3 tests/reference/plan_tracking_reference.py
"""
import csv

import numpy as np
import statsmodels.api as sm

rows = list(csv.DictReader(open("data/plan/enterprise_targets.csv", encoding="utf-8")))
for group in ("key", "high_growth"):
    members = [r for r in rows if r["group"] == group]
    base = sum(float(r["baseline_value"]) for r in members)
    target = sum(float(r["target_value"]) for r in members)
    print(f"{group}: 2020 sum {base:.0f}, 2025 sum {target:.0f}, required CAGR {(target / base) ** 0.2 - 1:.10f}")
    for r in members:
        g = (float(r["target_value"]) / float(r["baseline_value"])) ** 0.2 - 1
        print(f"  {r['key']} {r['label_en']}: {g:.10f}")

print(f"farm_machinery.parts_revenue 15 -> 30: {(30 / 15) ** 0.2 - 1:.10f}")
print(f"bearing.above_size_firms 55 -> 100: {(100 / 55) ** 0.2 - 1:.10f}")

# A made-up series for the above-size count: 2020 baseline 55, then 58, 66, 69 reported for 2021-2023.
years = np.array([2020, 2021, 2022, 2023], dtype=float)
values = np.array([55, 58, 66, 69], dtype=float)
fit = sm.OLS(np.log(values), sm.add_constant(years)).fit()
frame = fit.get_prediction(np.array([[1.0, 2025.0]])).summary_frame(alpha=0.05)
print("forecast 2025: {:.10f} [{:.10f}, {:.10f}]".format(
    np.exp(frame["mean"].iloc[0]), np.exp(frame["obs_ci_lower"].iloc[0]), np.exp(frame["obs_ci_upper"].iloc[0])))
print(f"achieved 55 -> 69 over 3 years: {(69 / 55) ** (1 / 3) - 1:.10f}")
print(f"needed 69 -> 100 over 2 years: {(100 / 69) ** 0.5 - 1:.10f}")
