#pragma once
// Industry statistics for the industry office and the association: the enterprise library (firms with validated
// unified social credit codes, every change kept) and the tracking of the 2021-2025 plans' targets (the plans'
// tables seeded into the store, actuals recorded against them, progress computed by the stats core).
// These are operator functions (CLI on the machine); access rules come with the HTTP routes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "app/accounts.hpp"
#include "common/result.hpp"
#include "stats/plan_tracking.hpp"
#include "store/stats_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

// Tags a firm may carry: key enterprise, high-growth, specialised and sophisticated (专精特新), high-tech, and the
// farm plan's cultivation list (培育库).
inline constexpr const char* kFirmTags[] = {"key", "high_growth", "specialised", "high_tech", "cultivation"};
inline constexpr const char* kIndustries[] = {"bearing", "textile", "farm_machinery"};

struct FirmInput {
    std::optional<std::string> credit_code;  // validated (GB 32100); none when unknown
    std::string name_zh;
    std::string name_en;
    std::string town;
    std::string industry;
    std::string size_class = "unknown";  // above | below | unknown
    std::optional<double> revenue_wan;   // annual main-business revenue in 万元: sets the size class when given
    std::string products;
    std::vector<std::string> tags;
    std::optional<std::int64_t> org_id;
};

// A change of a stored firm: the fields given replace the stored ones.
struct FirmChanges {
    std::optional<std::string> credit_code;  // validated (GB 32100)
    std::optional<std::string> name_en;
    std::optional<std::string> town;
    std::optional<std::string> size_class;
    std::optional<double> revenue_wan;  // sets the size class
    std::optional<std::string> products;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::int64_t> org_id;
};

struct FirmView {
    store::FirmRecord firm;
    std::vector<store::FirmChangeRecord> history;
};

struct SeedReport {
    int firms_added = 0;
    int firms_present = 0;
    int targets_added = 0;
    int targets_present = 0;
};

struct TargetProgress {
    store::PlanTargetRecord target;
    stats::Progress progress;
};

// One enterprise table tracked as a whole (baselines, targets and actuals summed).
struct GroupProgress {
    std::string group;  // key | high_growth
    std::string table_zh;
    int members = 0;
    stats::TargetSpec total;
    stats::Progress progress;
};

struct PlanProgressReport {
    std::vector<TargetProgress> targets;      // industry targets of the plans, store order
    std::vector<GroupProgress> groups;        // the enterprise tables as groups
    std::vector<TargetProgress> enterprises;  // one row per enterprise target
};

class StatsService {
  public:
    StatsService(store::Database& db, Clock clock);

    // Puts the bundled plan tables into the store: firms by name, targets by key. Idempotent: what is stored is
    // left as it is (a second run adds nothing and reports what was present).
    Result<SeedReport> seed_plan(const std::string& by);

    // Progress of every tracked target of one plan (bearing | textile | farm_machinery) or of all. kFailedPrecondition
    // when the store holds no plan targets (seed first).
    Result<PlanProgressReport> plan_progress(const std::optional<std::string>& plan);

    // Records an actual against a target (by id). Year 1949-2200, value finite and not negative, source required.
    Result<store::PlanActualRecord> add_actual(std::int64_t target_id, int year, double value, const std::string& source,
                                               const std::string& by);

    Result<store::FirmRecord> add_firm(const FirmInput& input, const std::string& by);
    // Applies the changes and keeps them in the firm's history ("field: old -> new; ..."). kInvalidArgument when
    // nothing differs from the stored firm.
    Result<store::FirmRecord> update_firm(std::int64_t id, const FirmChanges& changes, const std::string& by);
    Result<std::vector<store::FirmRecord>> list_firms(const store::FirmFilter& filter);
    Result<FirmView> show_firm(std::int64_t id);

    // ---- as a user of the platform sees them (the HTTP routes)
    // The industry office and the association (organisation kinds authority, association) see every firm and every
    // enterprise target; any other organisation sees the industry targets, the enterprise tables as groups, and the
    // firms (and their enterprise targets) linked to itself only. Another firm answers as one that does not exist.
    Result<PlanProgressReport> plan_progress(const Principal& who, const std::optional<std::string>& plan);
    Result<std::vector<store::FirmRecord>> list_firms(const Principal& who, const store::FirmFilter& filter);
    Result<FirmView> show_firm(const Principal& who, std::int64_t id);

  private:
    store::Database& db_;
    Clock clock_;
};

Result<std::string> parse_plan(const std::string& text);  // bearing | textile | farm_machinery

// JSON of the report and of a firm, as the CLI prints them (and the HTTP routes will).
nlohmann::json to_json(const PlanProgressReport& report);
nlohmann::json to_json(const store::FirmRecord& firm);
nlohmann::json to_json(const FirmView& view);

}  // namespace yandian::app
