#pragma once
// The rating rule set as data (data/quality/rules-v1.json; format in docs/quality/README.md): weighted items giving
// a score out of 100, veto items that cap the grade whatever the score, and grade bands. rate() gives the score,
// the grade and, item by item, the points and the entries used, and the vetoes applied, so a firm sees why.
//
//   {"version": "...", "title_zh": "...", "title_en": "...", "source": "...",
//    "items": [{"id", "label_zh", "label_en", "max", "start", "per_entry", "per_subkind": {class: points},
//               "lookback_months", "match": {...}}],        the items' max add up to 100
//    "vetoes": [{"id", "label_zh", "label_en", "cap": "C", "lookback_months", "match": {...}}],
//    "grades": [{"grade": "AAA", "min": 90}, ...]}          best first, mins falling, the last 0
//   match: {"kind": "penalty", "subkind": ["minor", ...], "valid": true, "retest": "fail",
//           "fields": {"finding": "counterfeit"}, "in_window": true}  or, for a veto, {"blacklisted": true}
//
// An item's points are start + the sum over matching entries of per_subkind[class] (else per_entry), clamped to
// 0..max. An entry matches when it is effective on the rating date (entry.hpp), still held (not purged), not
// repaired, dated within lookback_months before the date (when given), and every condition of `match` holds:
// subkind lists window classes (window_class()), valid means a validity end after the date, in_window means
// published on the date.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/iso_date.hpp"
#include "common/result.hpp"
#include "quality/blacklist.hpp"
#include "quality/entry.hpp"

namespace yandian::quality {

struct Match {
    std::optional<EntryKind> kind;
    std::vector<std::string> subkinds;  // window classes; empty: any
    std::optional<bool> valid;
    std::string retest;  // "": any
    std::map<std::string, std::string> fields;
    bool in_window = false;
    bool blacklisted = false;  // vetoes only: the firm is on the blacklist on the date
};

struct RuleItem {
    std::string id, label_zh, label_en;
    int max = 0;
    int start = 0;
    int per_entry = 0;
    std::map<std::string, int> per_subkind;
    std::optional<int> lookback_months;
    Match match;
};

struct VetoRule {
    std::string id, label_zh, label_en;
    std::string cap;  // a grade of the rule set
    std::optional<int> lookback_months;
    Match match;
};

struct GradeBand {
    std::string grade;
    int min = 0;
};

struct RuleSet {
    std::string version, title_zh, title_en, source;
    std::vector<RuleItem> items;
    std::vector<VetoRule> vetoes;
    std::vector<GradeBand> grades;  // best first
};

// Errors (kInvalidArgument) name the path of the bad field: "rules: items[2].match.kind: unknown entry kind ...".
[[nodiscard]] Result<RuleSet> parse_rules(std::string_view json_text);

// A firm's credit file as the rating reads it.
struct CreditFile {
    std::int64_t firm_id = 0;
    std::vector<Entry> entries;
    std::vector<BlacklistEvent> blacklist;
};

struct ItemResult {
    std::string id, label_zh, label_en;
    int points = 0;
    int max = 0;
    std::vector<std::int64_t> entries;  // ids (latest versions) of the entries used
    std::string computation;            // "start 20; penalty 3 (other) -10; penalty 5 (minor) -5 -> 5"
};

struct VetoResult {
    std::string id, label_zh, label_en;
    std::string cap;
    std::vector<std::int64_t> entries;  // empty for a blacklist veto
    std::optional<std::int64_t> blacklist_event;
};

struct Rating {
    std::string rules_version;
    DayNumber on = 0;
    int score = 0;
    std::string score_grade;  // the band of the score
    std::string grade;        // after the vetoes
    std::vector<ItemResult> items;
    std::vector<VetoResult> vetoes;  // applied ones only
};

[[nodiscard]] Rating rate(const CreditFile& file, const RuleSet& rules, DayNumber on, const BlacklistTerms& terms);

nlohmann::ordered_json to_json(const Rating& rating);
std::string rating_text(const Rating& rating);

}  // namespace yandian::quality
