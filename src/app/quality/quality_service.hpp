#pragma once
// Quality credit for the authority and the association: credit-file entries of the firms of the enterprise library
// (identified by firm id or unified social credit code), sampling results imported from CSV, ratings by the rule
// set (kept as grade history, recomputed when the file changes), the public view of a day, the blacklist and
// objections with working-day deadlines. The rules, windows and calendar are data (quality/bundled.hpp); the
// service fixes each entry's publication window when it is made and stores it with the entry.
// These are operator functions (CLI on the machine); access rules come with the HTTP routes.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/iso_date.hpp"
#include "common/result.hpp"
#include "quality/blacklist.hpp"
#include "quality/calendar.hpp"
#include "quality/rules.hpp"
#include "quality/windows.hpp"
#include "store/quality_store.hpp"
#include "store/stats_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

struct QualityConfig {
    quality::RuleSet rules;
    quality::WindowTable windows;
    quality::WorkingCalendar calendar;
    quality::BlacklistTerms terms;
};

// The bundled rule set, window table and calendar; `rules_json` (the text of a rule-set file) replaces the bundled
// rules when given.
Result<QualityConfig> quality_config(const std::optional<std::string>& rules_json = std::nullopt);

struct EntryInput {
    std::string kind;
    std::string subkind;
    std::string date;  // YYYY-MM-DD
    std::optional<std::string> valid_until;
    std::string outcome;
    std::string retest;
    std::optional<std::int64_t> corrects;
    std::map<std::string, std::string> fields;
    std::string source;
};

struct ImportReport {
    int added = 0;
    std::vector<Error> errors;  // per line: "line 3, column date: ..."
};

struct RatingView {
    store::FirmRecord firm;
    quality::Rating rating;
};

struct PublicEntryView {
    store::QualityEntryRecord entry;
    bool under_objection = false;
};

struct PublicFirmView {
    store::FirmRecord firm;
    std::string grade;
    int score = 0;
    bool blacklisted = false;
    std::vector<PublicEntryView> entries;
};

struct PublicView {
    std::string on;
    std::string rules_version;
    std::vector<PublicFirmView> firms;  // firms with a file, by id
    struct Listed {
        store::FirmRecord firm;
        store::BlacklistEventRecord listing;
        std::string expires_on;
    };
    std::vector<Listed> blacklist;
};

struct ObjectionView {
    store::ObjectionRecord objection;
    bool overdue = false;
};

class QualityService {
  public:
    QualityService(store::Database& db, Clock clock, QualityConfig config);

    // A firm by id (digits) or by unified social credit code (validated, GB 32100). kNotFound names what was asked.
    Result<store::FirmRecord> resolve_firm(const std::string& ref);
    // The firm linked to a platform organisation.
    Result<store::FirmRecord> firm_of_org(std::int64_t org_id);

    // Appends an entry to the firm's file with its publication window, then records the firm's new grade as of
    // today. Errors (kInvalidArgument) name the field.
    Result<store::QualityEntryRecord> add_entry(const store::FirmRecord& firm, const EntryInput& input,
                                                const std::string& by);
    // Sampling results from CSV (quality/sampling_csv.hpp): good lines added, bad ones reported (a line whose firm is
    // not in the enterprise library too).
    Result<ImportReport> import_sampling(std::string_view csv_text, const std::string& by);

    // The rating of a firm on a day (today when none); `record` keeps it in the grade history.
    Result<RatingView> rate(const store::FirmRecord& firm, std::optional<DayNumber> on, bool record,
                            const std::string& by);
    Result<std::vector<store::QualityGradeRecord>> grade_history(std::int64_t firm_id);

    // What the public sees on `on`: per firm with a file, the grade of that day and the entries inside their
    // windows (marked when under objection), and the firms on the blacklist.
    Result<PublicView> publish(DayNumber on, std::optional<std::int64_t> firm_id = std::nullopt);

    // A blacklist event (listed | expired | repaired | overturned), checked against the firm's history.
    Result<store::BlacklistEventRecord> blacklist_event(const store::FirmRecord& firm, const std::string& action,
                                                        const std::string& date, const std::string& decision_no,
                                                        const std::string& reasons, const std::string& by);
    Result<std::vector<store::BlacklistEventRecord>> blacklist_history(std::optional<std::int64_t> firm_id);

    // An objection to an entry; the deadline is 3 working days after filing, 7 when other units must check
    // (山东省社会信用条例 Art. 39), on the working-day calendar.
    Result<store::ObjectionRecord> file_objection(std::int64_t entry_id, const std::string& filed_on, bool other_units,
                                                  const std::string& grounds, const std::string& by);
    // status upheld | rejected, with reasons.
    Result<store::ObjectionRecord> decide_objection(std::int64_t id, const std::string& status,
                                                    const std::string& decided_on, const std::string& reasons,
                                                    const std::string& by);
    // Objections with the overdue flag as of `today` (the clock's day when none).
    Result<std::vector<ObjectionView>> objections(std::optional<std::int64_t> firm_id, bool open_only,
                                                  std::optional<DayNumber> today);

    [[nodiscard]] DayNumber today() const;
    [[nodiscard]] const QualityConfig& config() const { return config_; }

  private:
    Result<quality::CreditFile> load_file(std::int64_t firm_id);

    store::Database& db_;
    Clock clock_;
    QualityConfig config_;
};

// Conversions between the store's rows and the core's values.
Result<quality::Entry> to_core(const store::QualityEntryRecord& record);
Result<quality::BlacklistEvent> to_core(const store::BlacklistEventRecord& record);

nlohmann::ordered_json to_json(const store::QualityEntryRecord& entry);
nlohmann::ordered_json to_json(const RatingView& view);
nlohmann::ordered_json to_json(const PublicView& view);
std::string public_csv(const PublicView& view);
nlohmann::ordered_json to_json(const store::BlacklistEventRecord& event);
nlohmann::ordered_json to_json(const ObjectionView& view);

}  // namespace yandian::app
