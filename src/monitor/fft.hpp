#pragma once
// FFTs through FFTW3 (double precision). A plan is made once per size and kept in an FftPlans object owned by the
// caller, so a record analysed many times (kurtogram bands, segments of Welch) plans each size once.
//
// Thread safety: FFTW's planner is not thread-safe; executing a plan is. Plan creation is therefore serialised by
// one mutex inside fft.cpp (the only process-wide state of the core, forced by FFTW's global planner). An FftPlans
// object holds work buffers, so one object must not be used by two threads at once: give each thread its own.
#include <complex>
#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <vector>

namespace yandian::monitor {

using Complex = std::complex<double>;

class RealFftPlan;
class ComplexFftPlan;

class FftPlans {
  public:
    FftPlans();
    ~FftPlans();
    FftPlans(const FftPlans&) = delete;
    FftPlans& operator=(const FftPlans&) = delete;
    FftPlans(FftPlans&&) noexcept;
    FftPlans& operator=(FftPlans&&) noexcept;

    // One-sided spectrum (n/2 + 1 bins) of x zero-padded or cut to n samples. Not normalised.
    std::vector<Complex> forward_real(std::span<const double> x, std::size_t n);
    // Real signal of n samples from its one-sided spectrum (n/2 + 1 bins), divided by n (the inverse of
    // forward_real).
    std::vector<double> inverse_real(std::span<const Complex> spectrum, std::size_t n);
    // Complex transform of length x.size(); inverse divides by n.
    std::vector<Complex> forward_complex(std::span<const Complex> x);
    std::vector<Complex> inverse_complex(std::span<const Complex> x);

    std::size_t plans_made() const { return plans_made_; }

  private:
    RealFftPlan& real_plan(std::size_t n);
    ComplexFftPlan& complex_plan(std::size_t n, bool inverse);

    std::map<std::size_t, std::unique_ptr<RealFftPlan>> real_;
    std::map<std::pair<std::size_t, bool>, std::unique_ptr<ComplexFftPlan>> complex_;
    std::size_t plans_made_ = 0;
};

// Smallest n' >= n whose only prime factors are 2, 3 and 5 (sizes FFTW transforms fastest).
std::size_t fast_fft_size(std::size_t n);

}  // namespace yandian::monitor
