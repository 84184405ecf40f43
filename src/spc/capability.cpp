#include "spc/capability.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace yandian::spc {
namespace {

// Minitab's f_n for the Sbar degrees of freedom, by subgroup size.
double sbar_factor(double nbar) {
    const long n = std::lround(nbar);
    if (n <= 2) return 0.88;
    if (n == 3) return 0.92;
    if (n == 4) return 0.94;
    if (n == 5) return 0.95;
    if (n <= 7) return 0.96;
    if (n <= 9) return 0.97;
    if (n <= 17) return 0.98;
    if (n <= 64) return 0.99;
    return 1.0;
}

Interval chi_interval(double c, double nu, double alpha) {
    const boost::math::chi_squared_distribution<double> chi(nu);
    return Interval{c * std::sqrt(boost::math::quantile(chi, alpha / 2.0) / nu),
                    c * std::sqrt(boost::math::quantile(chi, 1.0 - alpha / 2.0) / nu)};
}

Interval normal_interval(double c, double n, double nu, double z) {
    const double half = z * std::sqrt(1.0 / (9.0 * n) + c * c / (2.0 * nu));
    return Interval{c - half, c + half};
}

struct Indices {
    std::optional<double> p, pl, pu, pk;
};

Indices indices(const SpecLimits& spec, double mean, double sigma) {
    Indices r;
    if (spec.lsl) r.pl = (mean - *spec.lsl) / (3.0 * sigma);
    if (spec.usl) r.pu = (*spec.usl - mean) / (3.0 * sigma);
    if (spec.lsl && spec.usl) {
        r.p = (*spec.usl - *spec.lsl) / (6.0 * sigma);
        r.pk = std::min(*r.pl, *r.pu);
    } else {
        r.pk = r.pl ? r.pl : r.pu;
    }
    return r;
}

double expected_ppm(const SpecLimits& spec, double mean, double sigma) {
    const boost::math::normal_distribution<double> normal(mean, sigma);
    double out = 0.0;
    if (spec.lsl) out += boost::math::cdf(normal, *spec.lsl);
    if (spec.usl) out += boost::math::cdf(boost::math::complement(normal, *spec.usl));
    return out * 1e6;
}

}  // namespace

Status check_spec(const SpecLimits& spec) {
    if (!spec.lsl && !spec.usl) {
        return fail(ErrorCode::kInvalidArgument, "capability needs at least one specification limit (--lsl, --usl)",
                    "lsl");
    }
    if (spec.lsl && spec.usl && !(*spec.lsl < *spec.usl)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("LSL (--lsl {}) must be below USL (--usl {})", *spec.lsl, *spec.usl), "lsl");
    }
    return {};
}

Result<Capability> capability(std::span<const double> values, std::span<const std::size_t> sizes,
                              const CapabilityOptions& options) {
    if (auto st = check_spec(options.spec); !st) return tl::unexpected(st.error());
    if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
        return fail(ErrorCode::kInvalidArgument, "confidence must be between 0 and 1", "confidence");
    }
    const std::size_t total = values.size();
    if (total < 2) return fail(ErrorCode::kInvalidArgument, "capability needs at least 2 values", "value");
    auto st = subgroup_stats(values, sizes);
    if (!st) return tl::unexpected(st.error());
    const std::size_t k = st->size.size();
    const bool individuals = std::all_of(st->size.begin(), st->size.end(), [](std::size_t n) { return n == 1; });
    const std::vector<bool> all;  // empty: every point takes part
    const SigmaMethod method = options.sigma.value_or(individuals ? SigmaMethod::kMovingRange : SigmaMethod::kRbar);

    Capability c;
    c.n = total;
    double sum = 0.0;
    for (double v : values) sum += v;
    c.mean = sum / static_cast<double>(total);
    double ss = 0.0;
    for (double v : values) ss += (v - c.mean) * (v - c.mean);
    c.sigma_overall = std::sqrt(ss / static_cast<double>(total - 1));

    if (options.sigma_within) {
        c.sigma_within = *options.sigma_within;
    } else {
        auto s = individuals ? moving_range_sigma(values, all, method) : within_sigma(*st, all, method);
        if (!s) return tl::unexpected(s.error());
        c.sigma_within = *s;
    }
    if (!(c.sigma_within > 0.0) || !(c.sigma_overall > 0.0)) {
        return fail(ErrorCode::kInvalidArgument, "the values do not vary: capability is undefined", "value");
    }
    const double nbar = static_cast<double>(total) / static_cast<double>(k);
    const double dk = static_cast<double>(k);
    const double dn = static_cast<double>(total);
    if (options.dof == DegreesOfFreedom::kTotalMinusOne) {
        c.dof_within = dn - 1.0;
    } else {
        switch (method) {
            case SigmaMethod::kRbar:
                c.dof_within = 0.9 * dk * (nbar - 1.0);
                break;
            case SigmaMethod::kSbar:
                c.dof_within = sbar_factor(nbar) * dk * (nbar - 1.0);
                break;
            case SigmaMethod::kPooled:
                c.dof_within = dn - dk;
                break;
            case SigmaMethod::kMovingRange:
            case SigmaMethod::kMedianMovingRange:
                c.dof_within = dn - 1.0;
                break;
        }
    }

    const Indices within = indices(options.spec, c.mean, c.sigma_within);
    const Indices overall = indices(options.spec, c.mean, c.sigma_overall);
    c.cp = within.p;
    c.cpl = within.pl;
    c.cpu = within.pu;
    c.cpk = within.pk;
    c.pp = overall.p;
    c.ppl = overall.pl;
    c.ppu = overall.pu;
    c.ppk = overall.pk;

    const double alpha = 1.0 - options.confidence;
    const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 1.0 - alpha / 2.0);
    if (c.cp) c.ci_cp = chi_interval(*c.cp, c.dof_within, alpha);
    if (c.pp) c.ci_pp = chi_interval(*c.pp, dn - 1.0, alpha);
    c.ci_cpk = normal_interval(*c.cpk, dn, c.dof_within, z);
    c.ci_ppk = normal_interval(*c.ppk, dn, dn - 1.0, z);

    std::optional<double> target = options.spec.target;
    if (!target && options.spec.lsl && options.spec.usl) target = (*options.spec.lsl + *options.spec.usl) / 2.0;
    if (target && c.cp) {
        const double d = (c.mean - *target) / c.sigma_within;
        c.cpm = *c.cp / std::sqrt(1.0 + d * d);
        const double nu = dn * (1.0 + d * d) / (1.0 + 2.0 * d * d);
        c.ci_cpm = chi_interval(*c.cpm, nu, alpha);
    }

    std::size_t out = 0;
    for (double v : values) {
        if ((options.spec.lsl && v < *options.spec.lsl) || (options.spec.usl && v > *options.spec.usl)) ++out;
    }
    c.ppm_observed = 1e6 * static_cast<double>(out) / dn;
    c.ppm_expected_within = expected_ppm(options.spec, c.mean, c.sigma_within);
    c.ppm_expected_overall = expected_ppm(options.spec, c.mean, c.sigma_overall);
    if (total >= 8) {
        if (auto ad = anderson_darling(values)) c.normality = *ad;
    }
    return c;
}

}  // namespace yandian::spc
