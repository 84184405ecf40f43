#include "stats/indicators.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "common/csv.hpp"
#include "stats/embedded_indicators.hpp"

namespace yandian::stats {

const Indicator* IndicatorSet::find(std::string_view code) const {
    for (const Indicator& i : indicators) {
        if (i.code == code) return &i;
    }
    return nullptr;
}

std::string_view to_string(Frequency f) { return f == Frequency::kMonthly ? "monthly" : "annual"; }
std::string_view to_string(Basis b) { return b == Basis::kCumulative ? "cumulative" : "period"; }

Result<IndicatorSet> read_indicators(std::string_view csv_text) {
    auto table = csv::parse(csv_text);
    if (!table) return tl::unexpected(table.error());
    const char* const kColumns[] = {"version", "code",    "name_zh", "name_en", "unit",       "frequency",
                                    "basis",   "monotone", "min",    "max",     "max_change", "note"};
    std::vector<std::size_t> at;
    for (const char* name : kColumns) {
        auto c = csv::require_column(*table, name);
        if (!c) return tl::unexpected(c.error());
        at.push_back(*c);
    }
    IndicatorSet set;
    std::set<std::string> codes;
    for (std::size_t r = 0; r < table->size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        auto bad = [&](std::string_view column, const std::string& why) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("indicators line {}, column {}: {}", line, column, why),
                        std::string(column));
        };
        Indicator i;
        const std::string& version = row[at[0]];
        if (version.empty()) return bad("version", "empty");
        if (set.version.empty()) set.version = version;
        if (version != set.version) {
            return bad("version", fmt::format("'{}' differs from the file's version '{}'", version, set.version));
        }
        i.code = row[at[1]];
        if (i.code.empty()) return bad("code", "empty");
        if (!codes.insert(i.code).second) return bad("code", fmt::format("'{}' is defined twice", i.code));
        i.name_zh = row[at[2]];
        i.name_en = row[at[3]];
        i.unit = row[at[4]];
        if (i.unit.empty()) return bad("unit", "empty");
        const std::string& frequency = row[at[5]];
        if (frequency == "monthly") {
            i.frequency = Frequency::kMonthly;
        } else if (frequency == "annual") {
            i.frequency = Frequency::kAnnual;
        } else {
            return bad("frequency", fmt::format("'{}' is not monthly or annual", frequency));
        }
        const std::string& basis = row[at[6]];
        if (basis == "cumulative") {
            i.basis = Basis::kCumulative;
        } else if (basis == "period") {
            i.basis = Basis::kPeriod;
        } else {
            return bad("basis", fmt::format("'{}' is not cumulative or period", basis));
        }
        const std::string& monotone = row[at[7]];
        if (monotone != "yes" && monotone != "no") return bad("monotone", fmt::format("'{}' is not yes or no", monotone));
        i.monotone = monotone == "yes";
        auto min = csv::parse_double(row[at[8]], line, "min");
        if (!min) return tl::unexpected(min.error());
        auto max = csv::parse_double(row[at[9]], line, "max");
        if (!max) return tl::unexpected(max.error());
        auto change = csv::parse_double(row[at[10]], line, "max_change");
        if (!change) return tl::unexpected(change.error());
        if (!std::isfinite(*min) || !std::isfinite(*max) || *min > *max) {
            return bad("min", fmt::format("range {} to {} is not a range", row[at[8]], row[at[9]]));
        }
        if (!std::isfinite(*change) || *change <= 0) return bad("max_change", "must be a positive fraction");
        i.min = *min;
        i.max = *max;
        i.max_change = *change;
        i.note = row[at[11]];
        set.indicators.push_back(std::move(i));
    }
    if (set.indicators.empty()) return fail(ErrorCode::kInvalidArgument, "indicators: no indicator defined");
    return set;
}

Result<IndicatorSet> bundled_indicators() {
    for (const indicator_data::EmbeddedTable& t : indicator_data::embedded_tables()) {
        if (t.name == "indicators") return read_indicators(t.text);
    }
    return fail(ErrorCode::kInternal, "the indicator definitions are not compiled into this binary");
}

}  // namespace yandian::stats
