#pragma once
// Short-run (standardised) charts: several part numbers on one machine on one chart. Each value is standardised
// with its part's mean and sigma, Z_i = (x_i - mu_part) / sigma_part, and plotted with limits 0 +/- 3; the moving
// range of consecutive Z values (in run order) is plotted on a chart with center d2(2) and UCL D4(2) d2(2).
// As Minitab's Z-MR chart: mu_part is the part's average (or a given target), sigma_part its average moving range
// over consecutive runs of the same part divided by d2(2) (or a given sigma).
#include <map>
#include <span>
#include <string>

#include "common/result.hpp"
#include "spc/chart.hpp"
#include "spc/rules.hpp"

namespace yandian::spc {

struct ShortRunOptions {
    std::map<std::string, double> targets;  // per part, optional
    std::map<std::string, double> sigmas;   // per part, optional
    RuleSet rules = RuleSet::nelson();
};

[[nodiscard]] Result<Chart> zmr_chart(std::span<const double> values, std::span<const std::string> parts,
                                      const ShortRunOptions& options = {});

}  // namespace yandian::spc
