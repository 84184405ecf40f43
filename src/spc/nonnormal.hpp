#pragma once
// Non-normal capability.
// - Box-Cox: y = (x^lambda - 1)/lambda (ln x for lambda = 0), lambda maximising the profile log-likelihood
//   l(lambda) = -(n/2) ln(sigma^2_ML(y)) + (lambda - 1) sum ln x over [-5, 5]; data and specification limits are
//   transformed (the transform is increasing) and the normal indices computed on the transformed scale.
// - ISO 22514-2 percentile method: a distribution fitted by maximum likelihood (normal, lognormal, Weibull, gamma;
//   by default the one with the largest log-likelihood), then
//   Pp = (USL - LSL)/(X_99.865 - X_0.135), Ppu = (USL - X_50)/(X_99.865 - X_50), Ppl = (X_50 - LSL)/(X_50 - X_0.135),
//   Ppk = min(Ppl, Ppu); expected ppm from the fitted distribution.
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "spc/capability.hpp"

namespace yandian::spc {

// Maximum-likelihood Box-Cox lambda for positive data.
[[nodiscard]] Result<double> box_cox_lambda(std::span<const double> values);
[[nodiscard]] double box_cox(double x, double lambda);

// Capability on Box-Cox transformed data (and limits); the result also carries lambda.
struct BoxCoxCapability {
    double lambda = 0.0;
    Capability capability;  // on the transformed scale
};
[[nodiscard]] Result<BoxCoxCapability> box_cox_capability(std::span<const double> values,
                                                          std::span<const std::size_t> sizes,
                                                          const CapabilityOptions& options);

enum class Family { kNormal, kLognormal, kWeibull, kGamma };
[[nodiscard]] std::string_view family_name(Family f);

struct Fit {
    Family family = Family::kNormal;
    double a = 0.0;  // normal: mean; lognormal: mu of ln x; Weibull: shape; gamma: shape
    double b = 0.0;  // normal: sd (n - 1); lognormal: sigma of ln x (ML); Weibull: scale; gamma: scale
    double log_likelihood = 0.0;
    [[nodiscard]] double quantile(double p) const;
    [[nodiscard]] double cdf(double x) const;
};

[[nodiscard]] Result<Fit> fit_distribution(std::span<const double> values, Family family);

struct PercentileCapability {
    Fit fit;
    double x00135 = 0.0, x50 = 0.0, x99865 = 0.0;
    std::optional<double> pp, ppl, ppu, ppk;
    double ppm_expected = 0.0;
    double ppm_observed = 0.0;
};

// family empty: the best of the four by log-likelihood (lognormal, Weibull and gamma need positive data).
[[nodiscard]] Result<PercentileCapability> percentile_capability(std::span<const double> values, const SpecLimits& spec,
                                                                 std::optional<Family> family = std::nullopt);

}  // namespace yandian::spc

namespace yandian::spc {

// Johnson transformation (Johnson 1949 families; parameters by the percentile method of Slifker & Shapiro 1980;
// family and spacing z chosen as Chou, Polansky & Mason 1998 and Minitab do: for z = 0.25, 0.26, ..., 1.25 the
// sample quantiles at Phi(-3z), Phi(-z), Phi(z), Phi(3z) give m = x3 - x2, n = x1 - x0, p = x2 - x1; QR = mn/p^2
// selects SU (> 1), SB (< 1) or SL (= 1 within 1e-3); the fit whose transformed data have the largest
// Anderson-Darling p-value is kept).
//   SB: gamma + eta ln((x - eps)/(lambda + eps - x));  SL: gamma + eta ln(x - eps);
//   SU: gamma + eta asinh((x - eps)/lambda).
enum class JohnsonFamily { kSB, kSL, kSU };

struct Johnson {
    JohnsonFamily family = JohnsonFamily::kSU;
    double gamma = 0.0, eta = 1.0, epsilon = 0.0, lambda = 1.0;
    double z = 0.0;     // the spacing that was chosen
    double ad_p = 0.0;  // Anderson-Darling p-value of the transformed data
    // The transformed value; NaN outside the family's range (SB: eps < x < eps + lambda, SL: x > eps).
    [[nodiscard]] double transform(double x) const;
};

[[nodiscard]] std::string_view johnson_family_name(JohnsonFamily f);

// Parameters for one spacing z from the four quantiles x0 <= x1 <= x2 <= x3 (at -3z, -z, z, 3z).
[[nodiscard]] Result<Johnson> johnson_from_quantiles(double x0, double x1, double x2, double x3, double z);

// The best Johnson fit of the data (at least 8 values).
[[nodiscard]] Result<Johnson> johnson_fit(std::span<const double> values);

struct JohnsonCapability {
    Johnson fit;
    Capability capability;  // on the transformed scale; only the overall (P) indices are meaningful
};
[[nodiscard]] Result<JohnsonCapability> johnson_capability(std::span<const double> values, const SpecLimits& spec);

}  // namespace yandian::spc
