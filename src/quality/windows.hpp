#pragma once
// Publication windows as data (data/quality/publication-windows.csv): for each entry kind and class, whether it is
// published, for how long, how long the authority keeps it and the legal source. The window of an entry is fixed
// when it is made and stored with it; the logic below only reads the table and the stored dates.
//
// Table columns: kind, subkind (a class of window_class(), or * for any), negative (yes|no), public (yes|no),
// public_months (empty: no end), ends_at_validity (yes|no: the window also ends on the entry's valid_until),
// retain_months (empty: kept with the file; counted from the entry's date, or from
// its valid_until when the window ends at validity), repair_min_months (empty: no early repair), source.
// A negative row must have public_months and retain_months of at most 60: negative information is disclosed at most
// five years and deleted after (山东省社会信用条例 Art. 38).
//
// Windows are half-open: an entry is public from published_from up to the day before published_until — it leaves
// the public pages on the day it expires — and before the day of a repair. The authority holds it until the day
// before retain_until; on that day it is purged.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/iso_date.hpp"
#include "common/result.hpp"
#include "quality/entry.hpp"

namespace yandian::quality {

struct WindowRule {
    EntryKind kind = EntryKind::kRegistration;
    std::string subkind;  // "*" for any
    bool negative = false;
    bool is_public = false;
    std::optional<int> public_months;
    bool ends_at_validity = false;
    std::optional<int> retain_months;
    std::optional<int> repair_min_months;
    std::string source;
    int line = 0;  // line of the table
};

struct WindowTable {
    std::vector<WindowRule> rules;
    // The row for an entry: its (kind, window class), else (kind, *). kInvalidArgument naming both when none.
    [[nodiscard]] Result<const WindowRule*> find(EntryKind kind, std::string_view window_class) const;
};

// Parses the CSV text; errors name the line and the column.
Result<WindowTable> parse_window_table(std::string_view csv_text);

struct Window {
    std::optional<DayNumber> published_from;
    std::optional<DayNumber> published_until;
    std::optional<DayNumber> retain_until;
};

// The window of an entry by the table (withdrawal and repair entries are never public and kept as long as the
// entries they concern: they get no window of their own).
Result<Window> window_for(const Entry& entry, const WindowTable& table);

// The public sees the entry on `day`.
bool visible_on(const EffectiveEntry& entry, DayNumber day);
// The authority still holds the entry on `day` (not yet purged).
bool held_on(const Entry& entry, DayNumber day);

}  // namespace yandian::quality

namespace yandian::quality {

// What the public sees of a firm's file on `day`: its effective entries (entry.hpp) inside their windows.
std::vector<EffectiveEntry> public_entries(std::span<const Entry> file, DayNumber day);

}  // namespace yandian::quality
