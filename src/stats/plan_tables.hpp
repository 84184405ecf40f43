#pragma once
// The plan tables bundled with the platform (data/plan/*.csv, see data/plan/README.md): the Linqing targets of the
// three 2021-2025 plans, the key and high-growth enterprise tables, and the firms the plans name. Read from the text
// of the tables (pure); plan_tables() reads the copies compiled into the binary.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "stats/plan_tracking.hpp"

namespace yandian::stats {

struct PlanTargetRow {
    std::string key;  // e.g. "bearing.above_size_firms"
    std::string plan;  // bearing | textile | farm_machinery
    std::string indicator_zh;
    std::string label_en;
    std::string unit;  // as the plan writes it: 亿元, 家, %, ...
    std::string kind;  // total | count | share | rate | other
    Measure measure = Measure::kLevel;
    std::optional<int> baseline_year;
    std::optional<double> baseline_value;
    std::optional<int> baseline_line;
    std::string baseline_year_basis;  // why a baseline year the sentence does not state was taken
    std::optional<int> target_year;
    std::optional<double> target_low;
    std::optional<double> target_high;
    std::string value_text;  // the figure as printed
    std::string qualifier;   // 以上, 力争, ...
    int line = 0;            // line of the figure in the plans' text
    std::string issue;       // an inconsistency of the source
};

struct EnterpriseTargetRow {
    std::string key;    // e.g. "bearing.key.01"
    std::string plan;
    std::string group;  // key | high_growth
    std::string table_zh;
    int rank = 0;
    std::string name_zh;
    std::string label_en;
    std::string metric_zh;
    std::string unit;
    int baseline_year = 0;
    double baseline_value = 0;
    int baseline_line = 0;
    int target_year = 0;
    double target_value = 0;
    int target_line = 0;
    int line = 0;
};

struct FirmRow {
    std::string name_zh;
    std::string label_en;
    std::string industry;  // bearing | textile | farm_machinery
    std::string products_zh;
    std::vector<std::string> tags;
    int line = 0;
};

struct PlanTables {
    std::vector<PlanTargetRow> targets;
    std::vector<EnterpriseTargetRow> enterprise_targets;
    std::vector<FirmRow> firms;
};

// Each reader fails (kInvalidArgument) naming the table, line and column of a bad cell.
Result<std::vector<PlanTargetRow>> read_plan_targets(std::string_view csv_text);
Result<std::vector<EnterpriseTargetRow>> read_enterprise_targets(std::string_view csv_text);
Result<std::vector<FirmRow>> read_firms(std::string_view csv_text);

// The tables compiled into the binary.
Result<PlanTables> plan_tables();

// The tracking specification of a plan target row / an enterprise row.
TargetSpec spec_of(const PlanTargetRow& row);
TargetSpec spec_of(const EnterpriseTargetRow& row);

}  // namespace yandian::stats
