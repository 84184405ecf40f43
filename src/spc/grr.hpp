#pragma once
// Gauge repeatability and reproducibility, crossed design, ANOVA method (AIAG MSA 4th edition, Chapter III B):
// two-way ANOVA of part x operator with r repeats per cell; the part x operator interaction is pooled into the
// error term when its p-value exceeds alpha (0.25 as AIAG and older Minitab releases; recent Minitab uses 0.05).
// Variance components (negative estimates set to 0):
//   with interaction: rep = MSE, PO = (MSPO - MSE)/r, O = (MSO - MSPO)/(p r), P = (MSP - MSPO)/(o r);
//   pooled:           rep = MSE', O = (MSO - MSE')/(p r), P = (MSP - MSE')/(o r).
// %Study Var = 100 sd/sd_total; %Tolerance = 100 k sd/(USL - LSL) with k = 6; ndc = floor(1.41 sd_P/sd_GRR).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::spc {

struct GrrOptions {
    double alpha_interaction = 0.25;
    double study_multiplier = 6.0;
    std::optional<double> tolerance;  // USL - LSL, for %Tolerance
};

struct AnovaRow {
    double df = 0.0;
    double ss = 0.0;
    double ms = 0.0;
    std::optional<double> f;
    std::optional<double> p;
};

struct VarianceComponent {
    double variance = 0.0;
    double sd = 0.0;
    double contribution = 0.0;  // % of total variance
    double study_var = 0.0;     // multiplier x sd
    double pct_study_var = 0.0;
    std::optional<double> pct_tolerance;
};

struct GaugeRR {
    std::size_t parts = 0;
    std::size_t operators = 0;
    std::size_t replicates = 0;
    AnovaRow part, op, interaction, error, total;  // the ANOVA with interaction
    bool interaction_pooled = false;
    std::optional<AnovaRow> pooled_error;  // MSE' when pooled
    VarianceComponent grr, repeatability, reproducibility, operator_only, part_op, part_to_part, total_var;
    int ndc = 0;
};

// parts[i], operators[i], values[i] per measurement; every part x operator cell must hold the same count (>= 2).
[[nodiscard]] Result<GaugeRR> gauge_rr(std::span<const std::string> parts, std::span<const std::string> operators,
                                       std::span<const double> values, const GrrOptions& options = {});

}  // namespace yandian::spc
