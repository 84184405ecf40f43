#include "monitor/kurtogram.hpp"

#include <cmath>

namespace yandian::monitor {

double band_kurtosis(const BandSignal& band) {
    double m2 = 0, m4 = 0;
    for (const Complex& c : band.samples) {
        const double p = std::norm(c);
        m2 += p;
        m4 += p * p;
    }
    const double n = static_cast<double>(band.samples.size());
    if (n < 2 || !(m2 > 0)) return 0;
    m2 /= n;
    m4 /= n;
    return m4 / (m2 * m2) - 2.0;
}

Kurtogram fast_kurtogram(FftPlans& fft, const RecordSpectrum& rec, const KurtogramOptions& options) {
    Kurtogram k;
    const double nyquist = rec.fs / 2;
    bool have_best = false;
    auto add_level = [&](double level, int bands) {
        const double width = nyquist / bands;
        if (width < options.min_bandwidth) return;
        for (int b = 0; b < bands; ++b) {
            KurtogramCell cell;
            cell.level = level;
            cell.f_low = width * b;
            cell.f_high = width * (b + 1);
            cell.kurtosis = band_kurtosis(band_signal(fft, rec, cell.f_low, cell.f_high));
            const bool allowed = cell.f_high > options.min_frequency &&
                                 (options.max_centre <= 0 || cell.centre() <= options.max_centre);
            if (allowed && (!have_best || cell.kurtosis > k.best.kurtosis)) {
                k.best = cell;
                have_best = true;
            }
            k.cells.push_back(cell);
        }
    };
    for (int level = 0; level <= options.max_level; ++level) {
        add_level(level, 1 << level);
        if (level >= 1 && level < options.max_level) add_level(level + 0.6, 3 << (level - 1));
    }
    return k;
}

}  // namespace yandian::monitor
