#include "spc/chart.hpp"

#include <algorithm>

namespace yandian::spc {

std::string_view chart_type_name(ChartType type) {
    switch (type) {
        case ChartType::kXbarR:
            return "xbar-r";
        case ChartType::kXbarS:
            return "xbar-s";
        case ChartType::kIMR:
            return "imr";
        case ChartType::kP:
            return "p";
        case ChartType::kNP:
            return "np";
        case ChartType::kC:
            return "c";
        case ChartType::kU:
            return "u";
        case ChartType::kEwma:
            return "ewma";
        case ChartType::kCusum:
            return "cusum";
        case ChartType::kT2:
            return "t2";
        case ChartType::kZmr:
            return "z-mr";
    }
    return "unknown";
}

std::vector<bool> base_points(std::size_t count, const PhaseOptions& phase) {
    const std::size_t end = (phase.phase1 == 0 || phase.phase1 > count) ? count : phase.phase1;
    const bool any_excluded =
        std::any_of(phase.excluded.begin(), phase.excluded.end(), [&](std::size_t i) { return i < count; });
    if (end == count && !any_excluded) return {};
    std::vector<bool> in(count, false);
    for (std::size_t i = 0; i < end; ++i) in[i] = true;
    for (std::size_t i : phase.excluded) {
        if (i < count) in[i] = false;
    }
    return in;
}

}  // namespace yandian::spc
