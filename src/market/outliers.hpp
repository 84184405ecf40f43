#pragma once
// Robust price statistics per model: outlier flags on a median/MAD z-score and price dispersion.
//   z_i = (x_i - median) / (1.4826 MAD),  MAD = median |x_i - median|
// 1.4826 = 1/0.6745 makes 1.4826 MAD a consistent estimate of sigma for normal data, so z equals the modified
// z-score M_i = 0.6745 (x_i - median)/MAD of Iglewicz & Hoaglin (1993), who recommend flagging |M_i| > 3.5.
// When MAD = 0 (more than half the quotes identical) the scale falls back to 1.2533 x mean|x_i - median|
// (sqrt(pi/2) makes the mean absolute deviation consistent for sigma); when that is 0 too, every z is 0.
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace yandian::market {

struct RobustScale {
    double median = 0.0;
    double mad = 0.0;
    double sigma = 0.0;  // 1.4826 MAD, or the mean-absolute-deviation fallback
};

Result<RobustScale> robust_scale(std::span<const double> x);
Result<std::vector<double>> robust_z_scores(std::span<const double> x);

struct OutlierOptions {
    double threshold = 3.5;
    bool log_prices = true;              // work on ln(price): price errors are multiplicative (per box vs piece)
    std::uint32_t min_observations = 5;  // items with fewer quotes are not judged
};

struct PriceOutlier {
    std::size_t row = 0;
    std::uint32_t item = 0;
    double z = 0.0;
};

// Flags rows whose price is an outlier among the rows of the same item (canonical bearing x brand tier).
Result<std::vector<PriceOutlier>> flag_price_outliers(std::span<const std::uint32_t> item,
                                                      std::span<const std::int64_t> unit_price_fen,
                                                      std::uint32_t n_items, const OutlierOptions& options = {});

// Quantiles use Hyndman & Fan (1996) definition 7 (linear interpolation, R's default type 7):
//   h = (n - 1) p,  Q(p) = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)) on the sorted sample.
double quantile_type7(std::span<const double> sorted, double p);

struct Dispersion {
    std::size_t n = 0;
    double mean = 0.0;
    double sd = 0.0;  // sample standard deviation (n - 1)
    double cv = 0.0;  // sd / mean
    double q1 = 0.0;
    double median = 0.0;
    double q3 = 0.0;
    double iqr_over_median = 0.0;
};

Result<Dispersion> price_dispersion(std::span<const double> prices);

struct ItemDispersion {
    std::uint32_t item = 0;
    Dispersion dispersion;
};

// Dispersion of unit prices per item, for items with at least min_observations rows.
Result<std::vector<ItemDispersion>> dispersion_by_item(std::span<const std::uint32_t> item,
                                                       std::span<const std::int64_t> unit_price_fen,
                                                       std::uint32_t n_items, std::uint32_t min_observations = 2);

}  // namespace yandian::market
