#include "credit/woe.hpp"

#include <fmt/format.h>

#include <cmath>

namespace yandian::credit {
namespace {

double cell(std::int64_t n) { return n == 0 ? kZeroCellSubstitute : static_cast<double>(n); }

Status check_counts(std::span<const std::int64_t> a, std::span<const std::int64_t> b, const char* what) {
    if (a.size() != b.size()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: {} bins on one side, {} on the other", what, a.size(), b.size()));
    }
    if (a.empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("{}: no bins", what));
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] < 0 || b[i] < 0) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("{}: negative count in bin {}", what, i + 1));
        }
    }
    return {};
}

}  // namespace

Result<WoeTable> woe_table(std::span<const std::int64_t> good, std::span<const std::int64_t> bad) {
    if (auto st = check_counts(good, bad, "WoE"); !st) return tl::unexpected(st.error());
    std::int64_t total_good = 0;
    std::int64_t total_bad = 0;
    double sub_good = 0;
    double sub_bad = 0;
    for (std::size_t i = 0; i < good.size(); ++i) {
        total_good += good[i];
        total_bad += bad[i];
        sub_good += cell(good[i]);
        sub_bad += cell(bad[i]);
    }
    if (total_good == 0 || total_bad == 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("WoE needs both goods and bads: {} good, {} bad", total_good, total_bad));
    }
    WoeTable t;
    t.bins.reserve(good.size());
    for (std::size_t i = 0; i < good.size(); ++i) {
        WoeBin b;
        b.good = good[i];
        b.bad = bad[i];
        b.count = good[i] + bad[i];
        const double pg = cell(good[i]) / sub_good;
        const double pb = cell(bad[i]) / sub_bad;
        b.woe = std::log(pb / pg);
        b.iv = (pb - pg) * b.woe;
        t.iv += b.iv;
        t.bins.push_back(b);
    }
    return t;
}

Result<double> stability_index(std::span<const std::int64_t> expected, std::span<const std::int64_t> actual) {
    if (auto st = check_counts(expected, actual, "PSI"); !st) return tl::unexpected(st.error());
    double se = 0;
    double sa = 0;
    std::int64_t ne = 0;
    std::int64_t na = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        se += cell(expected[i]);
        sa += cell(actual[i]);
        ne += expected[i];
        na += actual[i];
    }
    if (ne == 0 || na == 0) return fail(ErrorCode::kInvalidArgument, "PSI: a distribution has no rows");
    double psi = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double e = cell(expected[i]) / se;
        const double a = cell(actual[i]) / sa;
        psi += (a - e) * std::log(a / e);
    }
    return psi;
}

Result<double> characteristic_stability(std::span<const std::int64_t> expected, std::span<const std::int64_t> actual,
                                        std::span<const double> points) {
    if (auto st = check_counts(expected, actual, "CSI"); !st) return tl::unexpected(st.error());
    if (points.size() != expected.size()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("CSI: {} bins but {} point values", expected.size(), points.size()));
    }
    double ne = 0;
    double na = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ne += static_cast<double>(expected[i]);
        na += static_cast<double>(actual[i]);
    }
    if (ne == 0 || na == 0) return fail(ErrorCode::kInvalidArgument, "CSI: a distribution has no rows");
    double csi = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        csi += (static_cast<double>(actual[i]) / na - static_cast<double>(expected[i]) / ne) * points[i];
    }
    return csi;
}

}  // namespace yandian::credit
