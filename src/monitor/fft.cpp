#include "monitor/fft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>

namespace yandian::monitor {
namespace {

// FFTW's planner keeps global state (wisdom, twiddle tables): plans are made under this lock.
std::mutex& planner_mutex() {
    static std::mutex m;
    return m;
}

template <class T>
struct FftwBuffer {
    explicit FftwBuffer(std::size_t n) : data(static_cast<T*>(fftw_malloc(sizeof(T) * std::max<std::size_t>(n, 1)))) {
        if (data == nullptr) throw std::bad_alloc();
    }
    ~FftwBuffer() { fftw_free(data); }
    FftwBuffer(const FftwBuffer&) = delete;
    FftwBuffer& operator=(const FftwBuffer&) = delete;
    T* data;
};

}  // namespace

class RealFftPlan {
  public:
    explicit RealFftPlan(std::size_t n) : n_(n), real_(n), spec_(n / 2 + 1) {
        std::lock_guard lock(planner_mutex());
        const int size = static_cast<int>(n);
        forward_ = fftw_plan_dft_r2c_1d(size, real_.data, spec_.data, FFTW_ESTIMATE);
        inverse_ = fftw_plan_dft_c2r_1d(size, spec_.data, real_.data, FFTW_ESTIMATE);
        if (forward_ == nullptr || inverse_ == nullptr) throw std::runtime_error("FFTW could not plan a real FFT");
    }
    ~RealFftPlan() {
        std::lock_guard lock(planner_mutex());
        fftw_destroy_plan(forward_);
        fftw_destroy_plan(inverse_);
    }
    RealFftPlan(const RealFftPlan&) = delete;
    RealFftPlan& operator=(const RealFftPlan&) = delete;

    std::vector<Complex> forward(std::span<const double> x) {
        const std::size_t m = std::min(x.size(), n_);
        std::copy_n(x.begin(), m, real_.data);
        std::fill(real_.data + m, real_.data + n_, 0.0);
        fftw_execute(forward_);
        std::vector<Complex> out(n_ / 2 + 1);
        std::memcpy(static_cast<void*>(out.data()), spec_.data, sizeof(fftw_complex) * out.size());
        return out;
    }
    std::vector<double> inverse(std::span<const Complex> spectrum) {
        const std::size_t bins = n_ / 2 + 1;
        const std::size_t m = std::min(spectrum.size(), bins);
        std::memcpy(static_cast<void*>(spec_.data), spectrum.data(), sizeof(fftw_complex) * m);
        for (std::size_t k = m; k < bins; ++k) spec_.data[k][0] = spec_.data[k][1] = 0.0;
        fftw_execute(inverse_);
        std::vector<double> out(real_.data, real_.data + n_);
        const double scale = 1.0 / static_cast<double>(n_);
        for (double& v : out) v *= scale;
        return out;
    }

  private:
    std::size_t n_;
    FftwBuffer<double> real_;
    FftwBuffer<fftw_complex> spec_;
    fftw_plan forward_ = nullptr;
    fftw_plan inverse_ = nullptr;
};

class ComplexFftPlan {
  public:
    ComplexFftPlan(std::size_t n, bool inverse) : n_(n), inverse_(inverse), in_(n), out_(n) {
        std::lock_guard lock(planner_mutex());
        plan_ = fftw_plan_dft_1d(static_cast<int>(n), in_.data, out_.data, inverse ? FFTW_BACKWARD : FFTW_FORWARD,
                                 FFTW_ESTIMATE);
        if (plan_ == nullptr) throw std::runtime_error("FFTW could not plan a complex FFT");
    }
    ~ComplexFftPlan() {
        std::lock_guard lock(planner_mutex());
        fftw_destroy_plan(plan_);
    }
    ComplexFftPlan(const ComplexFftPlan&) = delete;
    ComplexFftPlan& operator=(const ComplexFftPlan&) = delete;

    std::vector<Complex> run(std::span<const Complex> x) {
        std::memcpy(static_cast<void*>(in_.data), x.data(), sizeof(fftw_complex) * n_);
        fftw_execute(plan_);
        std::vector<Complex> out(n_);
        std::memcpy(static_cast<void*>(out.data()), out_.data, sizeof(fftw_complex) * n_);
        if (inverse_) {
            const double scale = 1.0 / static_cast<double>(n_);
            for (Complex& v : out) v *= scale;
        }
        return out;
    }

  private:
    std::size_t n_;
    bool inverse_;
    FftwBuffer<fftw_complex> in_;
    FftwBuffer<fftw_complex> out_;
    fftw_plan plan_ = nullptr;
};

FftPlans::FftPlans() = default;
FftPlans::~FftPlans() = default;
FftPlans::FftPlans(FftPlans&&) noexcept = default;
FftPlans& FftPlans::operator=(FftPlans&&) noexcept = default;

RealFftPlan& FftPlans::real_plan(std::size_t n) {
    auto& slot = real_[n];
    if (!slot) {
        slot = std::make_unique<RealFftPlan>(n);
        ++plans_made_;
    }
    return *slot;
}

ComplexFftPlan& FftPlans::complex_plan(std::size_t n, bool inverse) {
    auto& slot = complex_[{n, inverse}];
    if (!slot) {
        slot = std::make_unique<ComplexFftPlan>(n, inverse);
        ++plans_made_;
    }
    return *slot;
}

std::vector<Complex> FftPlans::forward_real(std::span<const double> x, std::size_t n) {
    if (n == 0) return {};
    return real_plan(n).forward(x);
}

std::vector<double> FftPlans::inverse_real(std::span<const Complex> spectrum, std::size_t n) {
    if (n == 0) return {};
    return real_plan(n).inverse(spectrum);
}

std::vector<Complex> FftPlans::forward_complex(std::span<const Complex> x) {
    if (x.empty()) return {};
    return complex_plan(x.size(), false).run(x);
}

std::vector<Complex> FftPlans::inverse_complex(std::span<const Complex> x) {
    if (x.empty()) return {};
    return complex_plan(x.size(), true).run(x);
}

std::size_t fast_fft_size(std::size_t n) {
    if (n <= 1) return 1;
    for (std::size_t m = n;; ++m) {
        std::size_t r = m;
        for (std::size_t p : {2, 3, 5}) {
            while (r % p == 0) r /= p;
        }
        if (r == 1) return m;
    }
}

}  // namespace yandian::monitor
