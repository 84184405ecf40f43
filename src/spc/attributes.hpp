#pragma once
// Shewhart charts for attributes: p (fraction nonconforming), np (number nonconforming), c (nonconformities per
// unit) and u (nonconformities per inspection unit). With varying sample sizes the p, np and u limits are per point.
// LCLs below zero are set to zero; the zones for the run rules use the per-point sigma.
#include <span>

#include "common/result.hpp"
#include "spc/chart.hpp"
#include "spc/rules.hpp"

namespace yandian::spc {

struct AttributeOptions {
    PhaseOptions phase;  // phase.mean gives a standard p (p, np charts), c (c chart) or u (u chart)
    double width = 3.0;
    RuleSet rules = RuleSet::nelson();
};

// counts[i] nonconforming out of sizes[i] inspected.
[[nodiscard]] Result<Chart> p_chart(std::span<const double> counts, std::span<const double> sizes,
                                    const AttributeOptions& options = {});
[[nodiscard]] Result<Chart> np_chart(std::span<const double> counts, std::span<const double> sizes,
                                     const AttributeOptions& options = {});
// counts[i] nonconformities in one inspection unit each.
[[nodiscard]] Result<Chart> c_chart(std::span<const double> counts, const AttributeOptions& options = {});
// counts[i] nonconformities in sizes[i] inspection units.
[[nodiscard]] Result<Chart> u_chart(std::span<const double> counts, std::span<const double> sizes,
                                    const AttributeOptions& options = {});

}  // namespace yandian::spc
