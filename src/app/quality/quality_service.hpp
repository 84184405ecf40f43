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

#include "app/accounts.hpp"
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

// Who calls, for the routes: the authority and the association keep the files (viewers among them read only); a firm
// reads its own file through the platform organisation linked to it in the enterprise library.
struct QualityCaller {
    bool keeper = false;
    bool can_write = false;                // a keeper who is not a viewer
    std::optional<store::FirmRecord> firm;  // the firm linked to the caller's organisation, if any
};

struct ObjectionDecision {
    store::ObjectionRecord objection;
    std::optional<store::QualityEntryRecord> correction;  // the entry that carries out an upheld objection
};

// A search of the public list: every given condition must hold.
struct PublicFilter {
    std::string grade;    // exactly one of the rule set's grades
    std::string town;     // the firm's town contains it
    std::string product;  // the firm's products contain it
    std::string text;     // the name (zh or en, case-insensitive) or the credit code contains it
};
// The firms of `view` that match; the blacklist is kept whole. A grade the rule set does not know is an error naming
// "grade".
Result<PublicView> filter_public(PublicView view, const PublicFilter& filter, const quality::RuleSet& rules);

struct ObjectionView {
    store::ObjectionRecord objection;
    bool overdue = false;
};

// A firm's file as the authority (or the firm itself) holds it on a day: every entry not yet purged, with the
// entries that correct, withdraw or repair it; the rating of the day with its computation; objections; grades.
struct FileView {
    store::FirmRecord firm;
    std::string on;
    quality::Rating rating;
    std::vector<store::QualityEntryRecord> entries;
    std::map<std::int64_t, std::vector<std::int64_t>> followed_by;  // entry id -> ids of entries pointing at it
    std::vector<std::int64_t> effective;  // ids of the entries that stand on the day (latest versions)
    std::vector<ObjectionView> objections;
    std::vector<store::QualityGradeRecord> grades;
};

class QualityService {
  public:
    QualityService(store::Database& db, Clock clock, QualityConfig config);

    // A firm by id (digits) or by unified social credit code (validated, GB 32100). kNotFound names what was asked.
    Result<store::FirmRecord> resolve_firm(const std::string& ref);
    // The firm linked to a platform organisation.
    Result<store::FirmRecord> firm_of_org(std::int64_t org_id);
    // The caller's standing (see QualityCaller).
    Result<QualityCaller> caller(const Principal& who);
    // The file of a firm on `on` (see FileView).
    Result<FileView> file(const store::FirmRecord& firm, DayNumber on);
    // The firm an entry belongs to (kNotFound naming the entry).
    Result<store::QualityEntryRecord> entry(std::int64_t id);

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
    // status upheld | rejected, with reasons. An upheld objection is carried out in the same transaction by a new
    // entry pointing at the objected one: `correction` (an entry of the same kind; its kind may be left empty) when
    // given, else a withdrawal dated the day of the decision; the firm's grade is then recomputed and recorded.
    // A rejected one is recorded with its reasons only.
    Result<ObjectionDecision> decide_objection(std::int64_t id, const std::string& status,
                                               const std::string& decided_on, const std::string& reasons,
                                               const std::string& by,
                                               const std::optional<EntryInput>& correction = std::nullopt);
    // Objections with the overdue flag as of `today` (the clock's day when none).
    Result<std::vector<ObjectionView>> objections(std::optional<std::int64_t> firm_id, bool open_only,
                                                  std::optional<DayNumber> today);

    [[nodiscard]] DayNumber today() const;
    [[nodiscard]] const QualityConfig& config() const { return config_; }

  private:
    Result<quality::CreditFile> load_file(std::int64_t firm_id);
    // The record of a new entry, checked against the file, with its publication window.
    Result<store::QualityEntryRecord> prepare_entry(const store::FirmRecord& firm, const EntryInput& input,
                                                    const std::string& by);
    // Appends and records the grade of today; inside a transaction of the caller.
    Result<store::QualityEntryRecord> append_and_rate(const store::FirmRecord& firm,
                                                      const store::QualityEntryRecord& record, const std::string& by);

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
std::string blacklist_csv(const PublicView& view);
nlohmann::ordered_json to_json(const store::BlacklistEventRecord& event);
nlohmann::ordered_json to_json(const ObjectionView& view);
nlohmann::ordered_json to_json(const FileView& view);

}  // namespace yandian::app
