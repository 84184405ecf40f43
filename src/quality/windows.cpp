#include "quality/windows.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/csv.hpp"

namespace yandian::quality {

namespace {

tl::unexpected<Error> bad_cell(std::size_t line, std::string_view column, std::string message) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("line {}, column {}: {}", line, column, message),
                std::string(column));
}

Result<bool> yes_no(const std::string& text, std::size_t line, std::string_view column) {
    if (text == "yes") return true;
    if (text == "no") return false;
    return bad_cell(line, column, fmt::format("'{}' must be yes or no", text));
}

Result<std::optional<int>> months(const std::string& text, std::size_t line, std::string_view column) {
    if (text.empty()) return std::optional<int>();
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > 1200) {
        return bad_cell(line, column, fmt::format("'{}' must be a whole number of months from 0 to 1200, or empty",
                                                  text));
    }
    return std::optional<int>(v);
}

}  // namespace

Result<const WindowRule*> WindowTable::find(EntryKind kind, std::string_view cls) const {
    const WindowRule* any = nullptr;
    for (const WindowRule& r : rules) {
        if (r.kind != kind) continue;
        if (r.subkind == cls) return &r;
        if (r.subkind == "*") any = &r;
    }
    if (any) return any;
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("the publication-window table has no row for kind {} and class '{}'", kind_name(kind), cls),
                "subkind");
}

Result<WindowTable> parse_window_table(std::string_view text) {
    auto table = csv::parse(text);
    if (!table) return tl::unexpected(table.error());
    static constexpr const char* kColumns[] = {"kind",          "subkind",          "negative",
                                               "public",        "public_months",    "ends_at_validity",
                                               "retain_months", "repair_min_months", "source"};
    std::size_t col[std::size(kColumns)] = {};
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
        auto c = csv::require_column(*table, kColumns[i]);
        if (!c) return tl::unexpected(c.error());
        col[i] = *c;
    }
    WindowTable out;
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        WindowRule w;
        w.line = static_cast<int>(line);
        auto kind = parse_kind(row[col[0]]);
        if (!kind) return bad_cell(line, "kind", kind.error().message);
        if (*kind == EntryKind::kWithdrawal || *kind == EntryKind::kRepair) {
            return bad_cell(line, "kind", fmt::format("{} entries have no window of their own", row[col[0]]));
        }
        w.kind = *kind;
        w.subkind = row[col[1]];
        if (w.subkind.empty()) return bad_cell(line, "subkind", "empty (write * for any)");
        auto negative = yes_no(row[col[2]], line, "negative");
        if (!negative) return tl::unexpected(negative.error());
        auto pub = yes_no(row[col[3]], line, "public");
        if (!pub) return tl::unexpected(pub.error());
        auto pm = months(row[col[4]], line, "public_months");
        if (!pm) return tl::unexpected(pm.error());
        auto ends = yes_no(row[col[5]], line, "ends_at_validity");
        if (!ends) return tl::unexpected(ends.error());
        auto rm = months(row[col[6]], line, "retain_months");
        if (!rm) return tl::unexpected(rm.error());
        auto rep = months(row[col[7]], line, "repair_min_months");
        if (!rep) return tl::unexpected(rep.error());
        w.negative = *negative;
        w.is_public = *pub;
        w.public_months = *pm;
        w.ends_at_validity = *ends;
        w.retain_months = *rm;
        w.repair_min_months = *rep;
        w.source = row[col[8]];
        if (w.source.empty()) return bad_cell(line, "source", "every window names its legal source");
        if (w.negative) {
            if (w.is_public && (!w.public_months || *w.public_months > 60)) {
                return bad_cell(line, "public_months",
                                "negative information is published at most 60 months (山东省社会信用条例 Art. 38)");
            }
            if (!w.retain_months || *w.retain_months > 60) {
                return bad_cell(line, "retain_months",
                                "negative information is deleted after at most 60 months (山东省社会信用条例 Art. 38)");
            }
        }
        if (w.public_months && w.retain_months && *w.retain_months < *w.public_months) {
            return bad_cell(line, "retain_months", "shorter than public_months: a published entry must still be held");
        }
        for (const WindowRule& other : out.rules) {
            if (other.kind == w.kind && other.subkind == w.subkind) {
                return bad_cell(line, "subkind", fmt::format("{} / {} is already given on line {}", row[col[0]],
                                                             w.subkind, other.line));
            }
        }
        out.rules.push_back(std::move(w));
    }
    return out;
}

Result<Window> window_for(const Entry& e, const WindowTable& table) {
    if (e.kind == EntryKind::kWithdrawal || e.kind == EntryKind::kRepair) return Window{};
    auto rule = table.find(e.kind, window_class(e));
    if (!rule) return tl::unexpected(rule.error());
    const WindowRule& r = **rule;
    Window w;
    if (r.is_public) {
        w.published_from = e.date;
        if (r.public_months) w.published_until = add_months(e.date, *r.public_months);
        if (r.ends_at_validity && e.valid_until && (!w.published_until || *e.valid_until < *w.published_until)) {
            w.published_until = e.valid_until;
        }
    }
    if (r.retain_months) {
        // Counted from the date of the fact; for a window that ends at validity, from the end of validity.
        const DayNumber base = r.ends_at_validity && e.valid_until ? *e.valid_until : e.date;
        w.retain_until = add_months(base, *r.retain_months);
    }
    return w;
}

bool visible_on(const EffectiveEntry& e, DayNumber day) {
    const Entry& x = e.entry;
    if (!x.published_from || day < *x.published_from) return false;
    if (x.published_until && day >= *x.published_until) return false;
    if (e.repaired_on && day >= *e.repaired_on) return false;
    return held_on(x, day);
}

bool held_on(const Entry& e, DayNumber day) { return !e.retain_until || day < *e.retain_until; }

}  // namespace yandian::quality

namespace yandian::quality {

std::vector<EffectiveEntry> public_entries(std::span<const Entry> file, DayNumber day) {
    std::vector<EffectiveEntry> out;
    for (EffectiveEntry& e : effective_entries(file, day)) {
        if (visible_on(e, day)) out.push_back(std::move(e));
    }
    return out;
}

}  // namespace yandian::quality
