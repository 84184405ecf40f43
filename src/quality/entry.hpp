#pragma once
// Entries of an enterprise credit file (information items after GB/T 31952-2025). A file is append-only: nothing
// is overwritten. A correction is a new entry of the same kind pointing (`corrects`) at the entry it replaces; a
// withdrawal (a decision revoked, SAMR Order 45 Art. 11) voids the entry it points at; a repair (early end of
// publication, SAMR 信用修复管理办法) ends the public showing of the entry it points at from its date on.
// Dates are day numbers (common/iso_date.hpp): the core reads no clock.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/iso_date.hpp"
#include "common/result.hpp"

namespace yandian::quality {

enum class EntryKind {
    kRegistration,        // registration items (licence, scope, legal representative)
    kCertification,       // ISO 9001, IATF 16949, CCC, CE ... with valid_until
    kSamplingInspection,  // supervision sampling: product, batch, items, outcome, re-test
    kPenalty,             // administrative penalty: authority, decision number, kind (warning|minor|other), amount
    kListEntry,           // serious_dishonest | abnormal_operations
    kComplaint,           // customer quality complaint: upheld | rejected | open
    kHonour,
    kPlatformEvidence,    // opt-in evidence: spc_capable, alarm_handling, market_flag, ...
    kWithdrawal,          // voids the entry it points at
    kRepair,              // ends the publication of the entry it points at
};

std::string_view kind_name(EntryKind kind);
// kInvalidArgument naming the known kinds.
Result<EntryKind> parse_kind(std::string_view text);
inline constexpr std::string_view kKindNames[] = {"registration", "certification",  "sampling_inspection",
                                                  "penalty",      "list_entry",     "complaint",
                                                  "honour",       "platform_evidence", "withdrawal",
                                                  "repair"};

struct Entry {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    EntryKind kind = EntryKind::kRegistration;
    std::string subkind;  // penalty: warning|minor|other; list_entry: serious_dishonest|abnormal_operations; ...
    DayNumber date = 0;   // the date of the fact (decision, inspection, award)
    std::optional<DayNumber> valid_until;  // certification validity (first day it is no longer valid)
    std::string outcome;                   // sampling_inspection: pass | fail
    std::string retest;                    // sampling_inspection: "" | requested | pass | fail
    std::optional<std::int64_t> corrects;  // the entry this one replaces, voids or repairs
    std::map<std::string, std::string> fields;  // product, batch, authority, decision_no, amount_yuan, finding ...
    std::string source;                    // where the information comes from
    std::string entered_by;
    // The publication window, fixed when the entry is made (quality/windows.hpp) and stored with it.
    std::optional<DayNumber> published_from;   // none: never public
    std::optional<DayNumber> published_until;  // first day it is no longer public; none: no end
    std::optional<DayNumber> retain_until;     // first day the authority no longer holds it; none: kept
};

// The class an entry's publication window and the rating read: its subkind, except for a sampling inspection,
// whose class is its final result ("fail" when it failed and no re-test passed, "pass" otherwise).
std::string window_class(const Entry& entry);

// Checks an entry as given for the file: fields required by its kind, subkinds and outcomes known, a
// correction/withdrawal/repair pointing at an earlier entry of the same firm (a correction of the same kind).
// `file` is the firm's file so far. Errors (kInvalidArgument) name the field.
Status check_entry(const Entry& entry, std::span<const Entry> file);

// An entry as it stands after the file's corrections, withdrawals and repairs.
struct EffectiveEntry {
    Entry entry;                           // the latest version (a correction carries the id of the correction)
    std::int64_t original_id = 0;          // the first entry of the chain
    std::vector<std::int64_t> versions;    // ids of the chain, oldest first
    std::optional<DayNumber> repaired_on;  // date of a repair of any version of the chain
};

// The effective entries of a file (of one firm) on `as_of`: each chain of corrections folded into its latest
// version (a correction fixes the record: it applies whatever its date), chains withdrawn on or before `as_of`
// dropped, repairs dated on or before `as_of` applied, entries whose fact is dated after `as_of` left out.
// Withdrawal and repair entries themselves are not listed. Ordered by date, then original id.
std::vector<EffectiveEntry> effective_entries(std::span<const Entry> file, DayNumber as_of);

}  // namespace yandian::quality
