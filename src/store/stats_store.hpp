#pragma once
// Store port of industry statistics: the enterprise library (firms with their unified social credit code where one
// is known, every change kept as history: who, when, what), the plan targets and the actuals reported against them
// (never overwritten: a revision is a later actual of the same target and year).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct FirmRecord {
    std::int64_t id = 0;
    std::optional<std::string> credit_code;  // validated by the service; none where the source gives none
    std::string name_zh;                     // unique
    std::string name_en;
    std::string town;
    std::string industry;    // bearing | textile | farm_machinery
    std::string size_class;  // above | below | unknown
    std::string products;
    std::string tags;  // ';'-separated, sorted
    std::optional<std::int64_t> org_id;
    std::string source;
    std::string created_at;  // ISO 8601 UTC
    std::string updated_at;
};

struct FirmChangeRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string changed_at;
    std::string changed_by;
    std::string change;  // "created", or "field: old -> new; ..."
};

struct FirmFilter {
    std::optional<std::string> industry;
    std::optional<std::string> tag;  // firms carrying this tag
    std::int64_t after_id = 0;
    std::int64_t limit = INT64_MAX;
};

struct PlanTargetRecord {
    std::int64_t id = 0;
    std::string key;    // unique: bearing.above_size_firms, bearing.key.01, ...
    std::string plan;   // bearing | textile | farm_machinery
    std::string scope;  // industry | enterprise
    std::string group;  // key | high_growth for enterprise targets
    std::optional<int> rank;
    std::optional<std::int64_t> firm_id;
    std::string indicator_zh;
    std::string label_en;
    std::string unit;
    std::string kind;
    std::string measure;  // level | increment | no_year | qualitative
    std::optional<int> baseline_year;
    std::optional<double> baseline_value;
    std::optional<int> baseline_line;
    std::string baseline_note;
    std::optional<int> target_year;
    std::optional<double> target_low;
    std::optional<double> target_high;
    std::string value_text;
    std::string qualifier;
    int source_line = 0;
    std::string issue;
};

struct PlanActualRecord {
    std::int64_t id = 0;
    std::int64_t target_id = 0;
    int year = 0;
    double value = 0;
    std::string source;       // where the figure comes from (statistical bulletin, firm's return, ...)
    std::string recorded_by;  // who recorded it
    std::string recorded_at;  // ISO 8601 UTC
};

class StatsStore {
  public:
    virtual ~StatsStore() = default;

    // ---- enterprise library
    // Adds a firm and its "created" history entry in one transaction. kAlreadyExists names the credit code or the
    // name already stored; kNotFound when org_id names no organisation.
    virtual Result<FirmRecord> create_firm(const FirmRecord& firm, std::string_view by) = 0;
    // Replaces the firm's fields (by id; created_at kept) and records `change` as one history entry, atomically.
    virtual Result<FirmRecord> update_firm(const FirmRecord& firm, std::string_view by, std::string_view change) = 0;
    virtual Result<std::optional<FirmRecord>> find_firm(std::int64_t id) = 0;
    virtual Result<std::optional<FirmRecord>> find_firm_by_name(std::string_view name_zh) = 0;
    virtual Result<std::optional<FirmRecord>> find_firm_by_code(std::string_view credit_code) = 0;
    // By id ascending.
    virtual Result<std::vector<FirmRecord>> list_firms(const FirmFilter& filter) = 0;
    // Oldest first.
    virtual Result<std::vector<FirmChangeRecord>> firm_history(std::int64_t firm_id) = 0;

    // ---- plan targets and actuals
    // Inserts the targets in one transaction; a target whose key is stored is skipped. Returns the number inserted.
    virtual Result<std::int64_t> insert_targets(std::span<const PlanTargetRecord> targets) = 0;
    // By id ascending; one plan's, or all.
    virtual Result<std::vector<PlanTargetRecord>> list_targets(const std::optional<std::string>& plan) = 0;
    virtual Result<std::optional<PlanTargetRecord>> find_target(std::int64_t id) = 0;
    virtual Result<std::optional<PlanTargetRecord>> find_target_by_key(std::string_view key) = 0;
    // kNotFound when the target does not exist.
    virtual Result<PlanActualRecord> add_actual(const PlanActualRecord& actual) = 0;
    // By id ascending (recording order); one target's, or all.
    virtual Result<std::vector<PlanActualRecord>> list_actuals(std::optional<std::int64_t> target_id) = 0;
};

}  // namespace yandian::store
