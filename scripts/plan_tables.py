#!/usr/bin/env python3
"""Builds data/plan/*.csv from the extraction of the Linqing 2021-2025 plans (../shared/data/plan/).

Figures, units, years, Chinese names and line references are taken from the extraction as they are; the keys,
English labels, the `measure` of each target and the `issue` texts are this project's own. Run from the repository
root:  python3 scripts/plan_tables.py /work/shared/data/plan data/plan
The output is committed; the build embeds it (src/stats/CMakeLists.txt), so nothing here runs at build time.
"""
import csv
import json
import sys

src, out = sys.argv[1], sys.argv[2]

# (plan, line, first characters of indicator_zh) -> key, English label, measure, baseline-year basis, issue.
# measure: level (a level to reach), increment (additions over 2021-2025), no_year (no target year), qualitative
# (no numeric target).
TARGETS = [
    ("bearing", 1136, "全市轴承产业销售收入", "bearing.industry_sales", "Bearing industry sales, whole city", "level", "", ""),
    ("bearing", 1136, "生产制造企业销售额", "bearing.maker_sales", "Sales of the bearing makers", "level", "", ""),
    ("bearing", 1136, "轴承市场销售额", "bearing.market_sales", "Yandian market turnover", "level", "",
     "the 2025 target (200) does not exceed the turnover the plan already reports (over 200, line 28), and that figure has no year"),
    ("bearing", 1136, "规模以上企业", "bearing.above_size_firms", "Bearing firms above designated size", "level", "", ""),
    ("bearing", 1136, "年销售额过亿元", "bearing.segment_leaders", "Segment leaders selling over 100 million yuan a year", "level", "", ""),
    ("bearing", 1136, "省级企业技术创新平台（企业", "bearing.provincial_platforms", "New provincial innovation platforms of firms", "increment", "", ""),
    ("bearing", 1136, "国家专利授权", "bearing.patents", "National patents granted", "level", "", ""),
    ("bearing", 1136, "其中发明专利", "bearing.invention_patents", "of which invention patents", "level", "", ""),
    ("bearing", 1317, "轴承产业市内配套率", "bearing.local_supply_share", "Share of supplies sourced inside the city", "level", "", ""),
    ("bearing", 1337, "第一批培育优势轴承品牌", "bearing.first_brands", "First batch of bearing brands to build up", "level", "", ""),
    ("bearing", 1361, "新建轴承产业园", "bearing.new_parks", "New bearing industrial parks", "increment", "", ""),
    ("bearing", 1363, "新建工业集聚区", "bearing.new_zones", "New industrial clusters (zones)", "increment", "", ""),
    ("bearing", 1389, "“专精特新”", "bearing.specialised_leaders", "Specialised and sophisticated segment leaders", "level", "", ""),
    ("bearing", 1430, "省级企业技术创新平台（再", "bearing.provincial_platforms_restated", "New provincial innovation platforms (restated)", "increment", "",
     "restates bearing.provincial_platforms (line 1136); tracked there so it is not counted twice"),
    ("bearing", 1438, "企业技术储备", "bearing.technology_reserve", "Years of technology held in reserve", "no_year", "", ""),
    ("bearing", 1454, "轴承企业研发经费", "bearing.rd_share", "R&D spending as a share of main-business revenue", "level", "", ""),
    ("bearing", 1520, "（轴承智能制造", "bearing.cluster_scale", "Cluster scale driven by the manufacturing community", "no_year", "", ""),
    ("bearing", 1546, "规模以上企业数字化", "bearing.digital_design_tools", "Digital design tools in firms above designated size", "level", "", ""),
    ("bearing", 1548, "关键工序设备的数控化率", "bearing.nc_rate", "Numerically controlled key-process equipment", "level", "", ""),
    ("bearing", 1562, "市场内实体商家上淘宝店铺", "bearing.online_shops", "Market shops with an online store", "level", "", ""),
    ("bearing", 1612, "服务型制造新业态", "bearing.service_forms", "Kinds of service-based manufacturing", "no_year", "", ""),
    ("bearing", 1674, "在国内有一定知名度", "bearing.known_brands", "Bearing brands known across China", "level", "", ""),
    ("bearing", 1680, "临清•中国轴承", "bearing.fair_interval", "Interval between bearing fairs", "no_year", "", ""),
    ("bearing", 1777, "高技能人才", "bearing.skills_training", "Training days of highly skilled workers per two years", "no_year", "", ""),
    ("textile", 1903, "纺织服装产业产值", "textile.output_value", "Textile and apparel output value", "level", "", ""),
    ("textile", 1903, "高科技含量", "textile.high_value_exports", "High-value textiles among textile exports", "level", "", ""),
    ("textile", 1907, "重点技术装备达到国内先进", "textile.equipment_domestic_advanced", "Key equipment at the domestic advanced level", "level", "", ""),
    ("textile", 1907, "其中达到国际先进", "textile.equipment_international_advanced", "of which at the international advanced level", "level", "",
     "the sentence can mean 50% of all key equipment or 50% of the 80% at the domestic advanced level"),
    ("textile", 1911, "省、市级创新平台", "textile.innovation_platforms", "New provincial or city innovation platforms", "increment", "", ""),
    ("textile", 1918, "企业管理人员", "textile.manager_training", "Managers with formal management training", "level", "", ""),
    ("textile", 1978, "各类织机保有量", "textile.looms", "Looms in use", "qualitative", "", ""),
    ("textile", 2102, "省级品牌企业", "textile.provincial_brands", "Firms with a provincial brand", "qualitative", "", ""),
    ("farm_machinery", 2845, "农机配件产业营收规模", "farm_machinery.parts_revenue", "Farm-machinery parts industry revenue", "level",
     "the sentence (line 2653) gives no year; taken as the plan's base year 2020", ""),
    ("farm_machinery", 2845, "新建内燃机", "farm_machinery.engine_park", "New park for engine makers", "increment", "", ""),
    ("farm_machinery", 2847, "规模以上企业", "farm_machinery.above_size_firms", "Farm-machinery firms above designated size", "level", "", ""),
    ("farm_machinery", 2847, "年营收过亿元企业", "farm_machinery.firms_over_100m", "Firms with revenue over 100 million yuan", "level", "", ""),
    ("farm_machinery", 2847, "年营收过五千万元企业", "farm_machinery.firms_over_50m", "Firms with revenue over 50 million yuan", "level", "", ""),
    ("farm_machinery", 2847, "新增内燃机整机", "farm_machinery.engine_maker", "New maker of complete engines", "increment", "", ""),
    ("farm_machinery", 2847, "在国内农机配件", "farm_machinery.niche_leaders", "Firms among the national leaders of a parts niche", "level", "", ""),
    ("farm_machinery", 2849, "在全国农机行业", "farm_machinery.known_brands", "Brands known across the national industry", "level", "", ""),
    ("farm_machinery", 2898, "昊卓机械", "farm_machinery.haozhuo_engine_supply", "Haozhuo: share supplied to major engine makers", "level", "", ""),
    ("farm_machinery", 2906, "鲁联机械", "farm_machinery.lulian_vehicle_supply", "Lulian: share supplied to major vehicle makers", "level", "", ""),
]

# Short pinyin labels of the firms (this project's own rendering).
PINYIN = {
    "宇捷": "Yujie", "博特": "Bote", "毅轩": "Yixuan", "华工": "Huagong", "同兴": "Tongxing", "永翔": "Yongxiang",
    "华隆威斯特": "Hualong Weisite", "中瑞": "Zhongrui", "蓝宇": "Lanyu", "华钢": "Huagang", "同心": "Tongxin",
    "万达": "Wanda", "扬帆": "Yangfan", "森信": "Senxin", "锡迈克": "Ximaike", "金彬": "Jinbin", "海滨": "Haibin",
    "九星": "Jiuxing", "致杰": "Zhijie", "四通": "Sitong", "速达": "Suda", "昊卓": "Haozhuo", "昌兴": "Changxing",
    "盟威": "Mengwei", "恒力源": "Hengliyuan", "鲁联": "Lulian", "杰孚": "Jiefu", "恒大": "Hengda", "万顺": "Wanshun",
    "鲁超": "Luchao", "通亿": "Tongyi", "润利通": "Runlitong", "三和": "Sanhe", "华兴": "Huaxing", "秋华": "Qiuhua",
    "馨雅": "Xinya",
}


def pinyin(name, trade):
    for zh, py in sorted(PINYIN.items(), key=lambda kv: -len(kv[0])):
        if zh in name:
            return f"{py} {trade}"
    raise SystemExit(f"no pinyin for {name}")


def rows(name):
    with open(f"{src}/{name}", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, records):
    with open(f"{out}/{name}", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(records)


# ---- targets
linqing = [r for r in rows("targets.csv") if r["scope"] == "linqing"]
records = []
used = set()
for plan, line, prefix, key, label, measure, basis, issue in TARGETS:
    found = [r for r in linqing if r["plan"] == plan and int(r["line"]) == line and r["indicator_zh"].startswith(prefix)]
    if len(found) != 1:
        raise SystemExit(f"{key}: {len(found)} rows match")
    r = found[0]
    used.add(id(r))
    baseline_year = r["baseline_year"]
    if basis:
        baseline_year = "2020"
    baseline_line = ""
    if r["baseline_value"]:
        source = r["baseline_source"]
        baseline_line = source.split(":")[0].replace("line ", "") if source.startswith("line ") else str(line)
    records.append([key, plan, r["indicator_zh"], label, r["unit"], r["kind"], measure, baseline_year,
                    r["baseline_value"], baseline_line, basis, r["target_year"], r["target_value_low"],
                    r["target_value_high"], r["value_text"], r["qualifier"], line, issue])
if len(used) != len(linqing):
    raise SystemExit("some Linqing targets are not mapped")
write("targets.csv", ["key", "plan", "indicator_zh", "label_en", "unit", "kind", "measure", "baseline_year",
                      "baseline_value", "baseline_line", "baseline_year_basis", "target_year", "target_low",
                      "target_high", "value_text", "qualifier", "line", "issue"], records)

# ---- enterprise targets (the key and high-growth tables) and the firm list
ents = rows("enterprises.csv")
tables = {"1、重点企业十强": "key", "2、高成长性企业十强": "high_growth"}
records = []
firms = {}
for r in ents:
    if r["mention_type"] != "table" or r["scope"] != "linqing":
        continue
    caption = r["table_or_section"].split(" > ")[-1]
    if caption in tables:
        group = tables[caption]
        other = json.loads(r["other_columns"])
        key = f"bearing.{group}.{int(r['rank']):02d}"
        records.append([key, r["plan"], group, caption, r["rank"], r["name_zh"], pinyin(r["name_zh"], "Bearing"),
                        r["metric_zh"], r["unit"], "2020", r["value_2020"], other["line_2020"], "2025",
                        r["value_2025_target"], other["line_2025"], r["line"]])
        firms[r["name_zh"]] = ["bearing", r["product"], {group}, r["line"]]
    elif caption.startswith("表8"):
        f = firms.setdefault(r["name_zh"], ["farm_machinery", "", set(), r["line"]])
        f[1] = "、".join(p for p in [f[1], r["product"]] if p)
        f[2].add("cultivation")
    elif caption.startswith("表1") and r["plan"] == "textile":
        firms.setdefault(r["name_zh"], ["textile", "", set(), r["line"]])
write("enterprise_targets.csv", ["key", "plan", "group", "table_zh", "rank", "name_zh", "label_en", "metric_zh", "unit",
                                 "baseline_year", "baseline_value", "baseline_line", "target_year", "target_value",
                                 "target_line", "line"], records)
def trade_of(name, default):
    for zh, en in (("新能源科技", "New Energy"), ("电机", "Motor"), ("铸造", "Casting"), ("精锻", "Forging"),
                   ("动力", "Power"), ("精密机械", "Precision Machinery"), ("纺织制品", "Textile Products")):
        if zh in name:
            return en
    return default


trade = {"bearing": "Bearing", "farm_machinery": "Machinery", "textile": "Textile"}
write("firms.csv", ["name_zh", "label_en", "industry", "products_zh", "tags", "line"],
      [[name, pinyin(name, trade_of(name, trade[f[0]])), f[0], f[1], ";".join(sorted(f[2])), f[3]]
       for name, f in firms.items()])
