#include "spc/left_out.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace yandian::spc {
namespace {

// `s` (a series of the kept chart) over all `count` points; left-out points are plotted at shown[i] (NaN when
// shown is empty). A series that starts at point 0 starts there again; one that starts later (a moving range) starts
// at the kept point it started at.
Series spread_series(const Series& s, std::span<const std::size_t> points, std::span<const double> shown,
                     std::size_t count) {
    Series out;
    if (s.first_index >= points.size() || s.values.empty()) {
        out.first_index = count;
        return out;
    }
    const std::size_t first = s.first_index == 0 ? 0 : points[s.first_index];
    const std::size_t length = count - first;
    const bool per_point = s.limits.size() > 1;
    out.first_index = first;
    out.values.resize(length);
    out.left_out.assign(length, true);
    if (!s.violations.empty()) out.violations.assign(length, 0);
    if (per_point) out.limits.resize(length);
    // Kept point k (k >= s.first_index) sits at points[k]; everything between two kept points is left out.
    std::vector<std::ptrdiff_t> kept_at(length, -1);
    for (std::size_t k = s.first_index; k < points.size() && k - s.first_index < s.size(); ++k) {
        kept_at[points[k] - first] = static_cast<std::ptrdiff_t>(k - s.first_index);
    }
    std::ptrdiff_t previous = -1;
    for (std::size_t i = 0; i < length; ++i) {
        if (kept_at[i] >= 0) {
            const auto p = static_cast<std::size_t>(kept_at[i]);
            out.values[i] = s.values[p];
            out.left_out[i] = false;
            if (!s.violations.empty()) out.violations[i] = s.violations[p];
            if (per_point) out.limits[i] = s.limits_at(p);
            previous = kept_at[i];
            continue;
        }
        out.values[i] = first + i < shown.size() ? shown[first + i] : std::numeric_limits<double>::quiet_NaN();
        if (per_point) out.limits[i] = s.limits_at(previous >= 0 ? static_cast<std::size_t>(previous) : 0);
    }
    if (!per_point) out.limits = s.limits;
    return out;
}

}  // namespace

Result<KeptValues> keep_values(std::span<const double> values, std::span<const std::size_t> sizes,
                               const std::vector<bool>& keep, std::size_t min_size) {
    if (keep.size() != values.size()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{} keep flags for {} values", keep.size(), values.size()),
                    "keep");
    }
    KeptValues out;
    std::size_t at = 0;
    for (std::size_t g = 0; g < sizes.size(); ++g) {
        if (at + sizes[g] > values.size()) {
            return fail(ErrorCode::kInvalidArgument, "subgroup sizes add up to more than the values", "subgroup");
        }
        const std::size_t kept =
            static_cast<std::size_t>(std::count(keep.begin() + static_cast<std::ptrdiff_t>(at),
                                                keep.begin() + static_cast<std::ptrdiff_t>(at + sizes[g]), true));
        if (kept > 0 && kept >= min_size) {
            for (std::size_t j = at; j < at + sizes[g]; ++j) {
                if (keep[j]) out.values.push_back(values[j]);
            }
            out.sizes.push_back(kept);
            out.points.push_back(g);
            out.left_out_values += sizes[g] - kept;
        } else {
            out.left_out_values += sizes[g];
        }
        at += sizes[g];
    }
    if (at != values.size()) {
        return fail(ErrorCode::kInvalidArgument, "subgroup sizes do not match the number of values", "subgroup");
    }
    return out;
}

Chart spread_chart(const Chart& kept, std::span<const std::size_t> points, std::span<const double> shown,
                   std::size_t count) {
    Chart out;
    out.type = kept.type;
    out.sigma = kept.sigma;
    out.primary = spread_series(kept.primary, points, shown, count);
    if (kept.secondary) out.secondary = spread_series(*kept.secondary, points, {}, count);
    return out;
}

}  // namespace yandian::spc
