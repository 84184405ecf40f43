#pragma once
// Logistic regression of a 0/1 outcome on numeric columns, fitted by iteratively reweighted least squares
// (Fisher scoring; for the logit link it is Newton's method). Standard errors are the square roots of the
// diagonal of the inverse Fisher information (XᵀWX)⁻¹ at the estimate, as R's glm and statsmodels' Logit give.
//
// Start: intercept = logit(mean of y), slopes 0. Stop when |D − D_prev| / (|D| + 0.1) < tolerance (R's glm
// rule, D the deviance). Errors, each naming the cause:
//  - a column that is constant or a linear combination of others (XᵀWX singular): names the column;
//  - separation: the outcome is (almost) perfectly predicted, so the likelihood has no maximum — detected
//    when a linear predictor passes ±23 (a fitted probability within 1e-10 of 0 or 1) during the iterations;
//  - no convergence within max_iterations.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

struct LogisticOptions {
    int max_iterations = 50;
    double tolerance = 1e-10;
};

struct LogisticFit {
    std::vector<double> coefficients;     // [0] intercept, then one per column
    std::vector<double> standard_errors;  // same order
    double deviance = 0;                  // −2 log-likelihood
    double null_deviance = 0;             // of the intercept-only model
    double aic = 0;                       // deviance + 2·(columns + 1)
    int iterations = 0;
    std::size_t n = 0;
};

// `columns[j][i]` is the value of column j on row i; `y[i]` is 1 for the modelled outcome (here: bad), 0 else.
// `names` name the columns in errors.
[[nodiscard]] Result<LogisticFit> fit_logistic(const std::vector<std::vector<double>>& columns, std::span<const int> y,
                                               const std::vector<std::string>& names,
                                               const LogisticOptions& options = {});

// The fitted probability 1 / (1 + e^−η) of a linear predictor η, computed without overflow.
[[nodiscard]] double logistic(double eta);

}  // namespace yandian::credit
