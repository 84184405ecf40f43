#pragma once
// Discrimination and stability measures of a score.
//
// `risk` is any number that grows with the risk of bad (the probability of bad); `is_bad` the outcome.
// Ties: values closer than 1e-9 (relative to max(1, |value|)) are one value, so two bins whose WoE are equal in
// exact arithmetic but differ in the last bit of a double do not split a tie.
//  - AUC: the Mann–Whitney statistic, P(risk of a bad > risk of a good) + ½·P(equal), from mid-ranks.
//  - KS: the largest |F_bad(t) − F_good(t)| over the distinct values t (cumulative shares up to and including t).
//  - Gini = 2·AUC − 1.
// PSI of a score: 10 (by default) equal-width bins between the minimum and maximum of the expected (training)
// scores, left-closed, the first and last open to −inf/+inf so every actual score falls in one; then
// Σ (a% − e%)·ln(a%/e%) with the zero-cell rule of woe.hpp. Under 0.1 stable, 0.1–0.25 watch, over 0.25 shifted.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

struct Discrimination {
    double auc = 0;
    double ks = 0;
    double gini = 0;
    std::size_t good = 0;
    std::size_t bad = 0;
};

// Fails when the spans differ in length, a value is not finite, or there is no good or no bad.
[[nodiscard]] Result<Discrimination> discrimination(std::span<const double> risk, std::span<const int> is_bad);

struct ScorePsi {
    double psi = 0;
    std::vector<double> edges;  // inner edges of the bins (bins − 1 values)
    std::vector<std::int64_t> expected;
    std::vector<std::int64_t> actual;
};

[[nodiscard]] Result<ScorePsi> score_psi(std::span<const double> expected, std::span<const double> actual,
                                         std::size_t bins = 10);

}  // namespace yandian::credit
