#pragma once
// Index series from a LinkMatrix: chain-linked bilateral indices and rolling-window GEKS, base period = 100.
//   chain:  I_0 = 100, I_t = I_{t-1} P(t-1, t)
//   GEKS over a window [s, e] of N = e - s + 1 periods, bilateral f (Tornqvist by default):
//           ln G(a, b) = (1/N) sum_{l=s..e} [ln f(a, l) + ln f(l, b)]      (transitive inside the window)
//   rolling: the first window gives I_0..I_{W-1}; each later period t uses the window [t-W+1, t] and a splice:
//     movement  ln I_t = ln I_{t-1} + ln G(t-1, t)
//     window    ln I_t = ln I_{t-W+1} + ln G(t-W+1, t)
//     half      ln I_t = ln I_k + ln G(k, t), k = t - (W-1)/2
//     mean      ln I_t = 1/(W-1) sum_{k=t-W+1..t-1} [ln I_k + ln G(k, t)]   (default; published values never revise)
#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "market/bilateral.hpp"
#include "market/panel.hpp"

namespace yandian::market {

struct IndexPoint {
    PeriodKey period = 0;
    double value = 0.0;
    std::uint32_t matched_items = 0;   // items matched in the link from the previous period
    std::uint32_t new_items = 0;       // present now, not in the previous period
    std::uint32_t vanished_items = 0;  // present in the previous period, not now
    std::uint32_t imputed_items = 0;   // new or vanished items kept with an explicitly imputed relative
    bool carried_forward = false;      // no matched item: the index was carried forward unchanged
};

struct IndexSeries {
    std::vector<IndexPoint> points;
};

Result<IndexSeries> chain_series(const LinkMatrix& matrix, std::uint32_t slot, IndexFormula formula,
                                 double base = 100.0);

// Chained sub-indices for every group of one grouping (as given in LinkOptions::groupings).
Result<std::vector<IndexSeries>> chain_series_by_group(const LinkMatrix& matrix, std::size_t grouping,
                                                       IndexFormula formula, double base = 100.0);

enum class Splice { kMovement, kWindow, kHalf, kMean };

struct GeksOptions {
    std::int32_t window = 13;
    Splice splice = Splice::kMean;
    IndexFormula bilateral = IndexFormula::kTornqvist;  // Tornqvist or Fisher (time-reversible)
};

// ln G(a, b) inside the window [window_first, window_first + window_len). Bilateral links that are undefined (no
// matched item) are left out of the mean; NaN when every term is undefined.
double geks_log_index(const LinkMatrix& matrix, std::uint32_t slot, IndexFormula bilateral, std::int32_t window_first,
                      std::int32_t window_len, std::int32_t a, std::int32_t b);

Result<IndexSeries> geks_series(const LinkMatrix& matrix, std::uint32_t slot, const GeksOptions& options,
                                double base = 100.0);

}  // namespace yandian::market
