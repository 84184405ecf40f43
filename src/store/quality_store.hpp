#pragma once
// Store port of quality credit: the credit-file entries of the firms of the enterprise library (append-only: a
// correction, withdrawal or repair is a new entry pointing at another), the grade history (every rating kept), the
// blacklist events (append-only) and the objections with their status and deadline. Dates are ISO 8601 days
// (YYYY-MM-DD), time stamps ISO 8601 UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct QualityEntryRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string kind;  // quality::kKindNames
    std::string subkind;
    std::string entry_date;
    std::optional<std::string> valid_until;
    std::string outcome;
    std::string retest;
    std::optional<std::int64_t> corrects;
    std::string fields_json;  // a JSON object of texts: product, batch, authority, decision_no, ...
    std::string source;
    std::string entered_by;
    std::string entered_at;
    std::optional<std::string> published_from;
    std::optional<std::string> published_until;
    std::optional<std::string> retain_until;
};

struct QualityGradeRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string rated_on;  // the date the rating is for
    std::string rules_version;
    std::int64_t score = 0;
    std::string score_grade;
    std::string grade;
    std::string detail_json;  // the rating with its items and vetoes
    std::string rated_by;
    std::string rated_at;
};

struct BlacklistEventRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string action;  // listed | expired | repaired | overturned
    std::string event_date;
    std::string decision_no;
    std::string reasons;
    std::string recorded_by;
    std::string recorded_at;
};

struct ObjectionRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::int64_t entry_id = 0;
    std::string filed_on;
    bool other_units = false;
    std::string deadline;
    std::string grounds;
    std::string filed_by;
    std::string status = "open";  // open | upheld | rejected
    std::optional<std::string> decided_on;
    std::string decision_reasons;
    std::string decided_by;
};

class QualityStore {
  public:
    virtual ~QualityStore() = default;

    // Appends an entry (the id is assigned). kNotFound when the firm or the entry it corrects does not exist.
    virtual Result<QualityEntryRecord> append_entry(const QualityEntryRecord& entry) = 0;
    virtual Result<std::optional<QualityEntryRecord>> find_entry(std::int64_t id) = 0;
    // By id ascending; one firm's or all.
    virtual Result<std::vector<QualityEntryRecord>> list_entries(std::optional<std::int64_t> firm_id) = 0;

    virtual Result<QualityGradeRecord> add_grade(const QualityGradeRecord& grade) = 0;
    // Oldest first.
    virtual Result<std::vector<QualityGradeRecord>> grade_history(std::int64_t firm_id) = 0;

    virtual Result<BlacklistEventRecord> add_blacklist_event(const BlacklistEventRecord& event) = 0;
    // By id ascending; one firm's or all.
    virtual Result<std::vector<BlacklistEventRecord>> blacklist_events(std::optional<std::int64_t> firm_id) = 0;

    // kNotFound when the firm or entry does not exist.
    virtual Result<ObjectionRecord> file_objection(const ObjectionRecord& objection) = 0;
    // Sets status, decided_on, decision_reasons and decided_by of an open objection. kNotFound for an unknown id,
    // kFailedPrecondition when it is already decided.
    virtual Result<ObjectionRecord> decide_objection(const ObjectionRecord& decision) = 0;
    virtual Result<std::optional<ObjectionRecord>> find_objection(std::int64_t id) = 0;
    // By id ascending; one firm's or all; only open ones when `open_only`.
    virtual Result<std::vector<ObjectionRecord>> list_objections(std::optional<std::int64_t> firm_id,
                                                                 bool open_only) = 0;
};

}  // namespace yandian::store
