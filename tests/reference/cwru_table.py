#!/usr/bin/env python3
"""Builds the per-record table of docs/monitor/cwru.md from `yandian monitor report --format json`, beside the
single Smith & Randall (2015) grade per record that /work/shared/reference/fault-diagnosis.md section 1.3 reproduces
(pmmcp's collapsed grade; B2 triples for inner race where known).
Run: build/yandian monitor report /work/shared/data/cwru --bearing 6205 --format json > /tmp/report.json
     python3 tests/reference/cwru_table.py /tmp/report.json
"""
import json
import re
import sys

GRADES = {
    105: "Y2", 106: "Y2", 107: "Y2", 108: "Y2", 169: "Y2", 170: "Y2", 171: "Y2", 172: "Y2",
    209: "Y1", 210: "Y1", 211: "Y1", 212: "Y1", 3001: "N1", 3002: "N1", 3003: "N1", 3004: "N1",
    118: "N1", 119: "N1", 120: "N1", 121: "Y2", 185: "P2", 186: "P2", 187: "P2", 188: "P2",
    222: "Y2", 223: "Y2", 224: "N1", 225: "N1", 3005: "Y2", 3006: "Y2", 3007: "Y2", 3008: "Y2",
    130: "Y1", 131: "Y1", 132: "Y1", 133: "Y1", 144: "Y2", 145: "Y2", 146: "Y2", 147: "Y2",
    156: "Y1", 158: "Y2", 159: "Y2", 160: "Y2", 197: "Y2", 198: "P2", 199: "P1", 200: "N1",
    234: "Y2", 235: "Y2", 236: "Y2", 237: "Y2", 246: "Y2", 247: "Y2", 248: "Y2", 249: "Y2",
    258: "Y2", 259: "Y2", 260: "Y2", 261: "Y2",
}

rows = json.load(open(sys.argv[1]))["records"]
print("| record | file | seeded | S&R grade | verdict | match | conf. | rpm | first lines (analysis, dB) |")
print("|---|---|---|---|---|---|---|---|---|")
tally = {}
for r in rows:
    num = int(re.search(r"_(\d+)\.mat$", r["file"]).group(1))
    grade = GRADES.get(num, "-")
    lines = ", ".join(f"{e['line']} {e['method']} {e['prominence_db']:.0f}" for e in r.get("evidence", [])[:3])
    ok = "yes" if r.get("match") else "**no**"
    print(f"| {num} | {r['file']} | {r['seeded']} | {grade} | {r.get('verdict', 'error')} | {ok} | "
          f"{r.get('confidence', '')} | {r.get('rpm', '')} ({r.get('rpm_source', '')}) | {lines} |")
    g = "Y" if grade.startswith("Y") else ("P" if grade.startswith("P") else ("N" if grade.startswith("N") else "-"))
    t = tally.setdefault((r["seeded"], g), [0, 0])
    t[0] += 1 if r.get("match") else 0
    t[1] += 1
print()
print("| seeded | S&R stratum | matched / records |")
print("|---|---|---|")
for (fault, g), (m, n) in sorted(tally.items()):
    print(f"| {fault} | {g} | {m} / {n} |")
