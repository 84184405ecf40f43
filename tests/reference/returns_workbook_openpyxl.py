"""Makes tests/ingest/data/returns_openpyxl.xlsx: a returns workbook saved by another tool (openpyxl 3.0, Debian's
python3-openpyxl), so the workbook reader is tested on a file it did not write. openpyxl 3.0 stores every text cell
as an inline string (t="inlineStr", <is><t>...</t></is>, Chinese as character references), where the platform's own
writer (libxlsxwriter) uses the shared string table; numbers as t="n"; the empty cells are left out of the file.

The sheet follows the returns template (docs/stats/returns.md): firm code in B2, period in B4, one indicator a row
from row 7. Row 9 holds a value typed as text with a Chinese word in it ("约300"), which an import must refuse naming
Sheet "Returns" row 9 column C. Run: /usr/bin/python3 tests/reference/returns_workbook_openpyxl.py  (not needed by the tests,
which read the committed file).
"""
import os

from openpyxl import Workbook

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "ingest", "data", "returns_openpyxl.xlsx")

wb = Workbook()
ws = wb.active
ws.title = "Returns"
ws["A1"] = "统计报表 Statistical return"
ws["A2"] = "统一社会信用代码 Firm code"
ws["B2"] = "91371581MA3C0RT129"
ws["A3"] = "企业名称 Firm"
ws["B3"] = "临清市丙轴承有限公司"
ws["A4"] = "报告期 Period"
ws["B4"] = "2026-10"
ws["A5"] = "指标版本 Indicators version"
ws["B5"] = "2026.1"
for col, text in zip("ABCDEF", ["指标代码 Code", "指标名称 Indicator", "数值 Value", "计量单位 Unit", "口径 Basis",
                                "变动原因 Reason for a large change"]):
    ws[col + "6"] = text
rows = [
    ("main_revenue", "营业收入 Main-business revenue", 1250.5, "万元"),
    ("output_value", "工业总产值 Gross industrial output value", None, "万元"),  # left empty: not reported
    ("total_profit", "利润总额 Total profit", "约300", "万元"),  # a bad cell
    ("export_value", "出口交货值 Export delivery value", 0, "万元"),
    ("employees", "从业人员期末人数 Employees at the end of the period", 212, "人"),
]
for i, (code, name, value, unit) in enumerate(rows):
    r = 7 + i
    ws["A%d" % r] = code
    ws["B%d" % r] = name
    if value is not None:
        ws["C%d" % r] = value
    ws["D%d" % r] = unit
ws["F7"] = "新生产线投产 new line"

notes = wb.create_sheet("Instructions")
notes["A1"] = "填报说明 Instructions"
wb.save(out)
print("wrote", os.path.relpath(out))
