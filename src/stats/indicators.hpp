#pragma once
// Indicator definitions of the statistical returns, as data (data/stats/indicators.csv, see data/stats/README.md):
// what a firm reports, in which unit, how often, whether the figure is the year-to-date total ("1–N月累计") or the
// period's own value, its plausible range and the largest change accepted without a reason. Pure: read from text;
// bundled_indicators() reads the copy compiled into the binary.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::stats {

enum class Frequency { kMonthly, kAnnual };
enum class Basis { kCumulative, kPeriod };  // year to date (1–N月累计) | the period itself

struct Indicator {
    std::string code;
    std::string name_zh;
    std::string name_en;
    std::string unit;
    Frequency frequency = Frequency::kMonthly;
    Basis basis = Basis::kPeriod;
    bool monotone = false;  // a cumulative figure never falls within a year
    double min = 0;
    double max = 0;
    double max_change = 0.5;  // fraction: 0.5 = ±50 %
    std::string note;
};

struct IndicatorSet {
    std::string version;
    std::vector<Indicator> indicators;  // file order

    [[nodiscard]] const Indicator* find(std::string_view code) const;
};

std::string_view to_string(Frequency f);  // monthly | annual
std::string_view to_string(Basis b);      // cumulative | period

// Fails (kInvalidArgument) naming the line and column of a bad cell: unknown frequency or basis, min > max, a
// negative max_change, a duplicate code, versions that differ between rows.
Result<IndicatorSet> read_indicators(std::string_view csv_text);

// The definitions compiled into the binary.
Result<IndicatorSet> bundled_indicators();

}  // namespace yandian::stats
