#include "monitor/diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "monitor/envelope.hpp"
#include "monitor/separation.hpp"

namespace yandian::monitor {

std::string_view method_name(Method m) {
    switch (m) {
        case Method::kRaw: return "raw";
        case Method::kPrewhitened: return "cpw";
        case Method::kSeparatedKurtogram: return "drs+sk";
    }
    return "";
}

std::string line_label(FaultKind kind, int h, int sideband) {
    std::string s = h == 1 ? std::string(fault_line_name(kind)) : fmt::format("{}x{}", h, fault_line_name(kind));
    if (kind == FaultKind::kBall && h > 1) s = fmt::format("{}x(2xBSF)", h);
    if (sideband != 0) s += (sideband < 0 ? "-" : "+") + std::string(kind == FaultKind::kInnerRace ? "fr" : "FTF");
    return s;
}

namespace {

constexpr std::array<FaultKind, 4> kKinds = {FaultKind::kOuterRace, FaultKind::kInnerRace, FaultKind::kBall,
                                             FaultKind::kCage};

bool found(const LineMeasure& m, const DiagnosisOptions& o) { return m.prominence_db() >= o.line_threshold_db; }


MethodResult analyse(Method method, EnvelopeSpectrum envelope, const DefectLines& lines, const DiagnosisOptions& o) {
    MethodResult r;
    r.ses = std::move(envelope);
    const EnvelopeSpectrum& ses = r.ses;
    r.method = method;
    r.f_low = ses.f_low;
    r.f_high = ses.f_high;
    const SpectrumView view{ses.df, ses.magnitude};
    FamilyOptions fo;
    fo.harmonics = o.harmonics;
    fo.speed_tolerance = o.speed_tolerance;
    for (FaultKind k : kKinds) r.families[static_cast<std::size_t>(k)] = match_family(view, lines, k, fo);
    // A line shared by two families (3 x BPFO and 2 x BPFI lie 0.7 % apart) counts only for the family whose
    // fundamental stands out more.
    const auto lead = [&](std::size_t i) {
        const auto& h = r.families[i].harmonics;
        return h.empty() ? 0.0 : h[0].prominence_db();
    };
    // Lines on whole shaft orders belong to the shaft (unbalance, misalignment, looseness), not to a bearing.
    std::vector<double> shaft_orders;
    for (double f = lines.shaft_hz; f < ses.frequency(ses.magnitude.size()); f += lines.shaft_hz) {
        shaft_orders.push_back(f);
    }
    for (std::size_t i = 0; i < 4; ++i) {
        std::vector<double> taken = shaft_orders;
        for (std::size_t j = 0; j < 4; ++j) {
            if (j == i || !(lead(j) > lead(i)) || !found(r.families[j].harmonics[0], o)) continue;
            for (const auto* set : {&r.families[j].harmonics, &r.families[j].lower, &r.families[j].upper}) {
                for (const auto& lm : *set) {
                    if (found(lm, o)) taken.push_back(lm.found_hz);
                }
            }
        }
        r.scores[i] = family_score(r.families[i], o, taken, ses.df);
    }
    // A ball defect enters and leaves the load zone at the cage speed: FTF lines are part of its signature, and a
    // cage verdict needs the ball's own line to be absent.
    const auto ball = static_cast<std::size_t>(FaultKind::kBall);
    const auto cage = static_cast<std::size_t>(FaultKind::kCage);
    if (r.scores[ball] > 0 && found(r.families[ball].harmonics[0], o)) {
        r.scores[ball] += 0.5 * r.scores[cage];
        r.scores[cage] = 0;
    }
    return r;
}

void collect_evidence(const MethodResult& r, FaultKind kind, const DefectLines& lines, const DiagnosisOptions& o,
                      std::vector<Evidence>& out) {
    const FamilyMatch& m = r.families[static_cast<std::size_t>(kind)];
    const double f0 = lines.fundamental(kind);
    const double fm = lines.modulation(kind);
    auto add = [&](const LineMeasure& lm, int h, int sb) {
        if (!found(lm, o)) return;
        Evidence e;
        e.method = r.method;
        e.kind = kind;
        e.line = line_label(kind, h, sb);
        e.harmonic = h;
        e.sideband = sb;
        e.expected_hz = h * f0 + sb * fm;
        e.found_hz = lm.found_hz;
        e.order = lines.shaft_hz > 0 ? lm.found_hz / lines.shaft_hz : 0;
        e.prominence_db = lm.prominence_db();
        out.push_back(e);
    };
    for (std::size_t h = 0; h < m.harmonics.size(); ++h) {
        const int hh = static_cast<int>(h) + 1;
        if (h < m.lower.size()) add(m.lower[h], hh, -1);
        add(m.harmonics[h], hh, 0);
        if (h < m.upper.size()) add(m.upper[h], hh, +1);
    }
}

}  // namespace

double family_score(const FamilyMatch& m, const DiagnosisOptions& o, const std::vector<double>& taken_hz,
                    double df) {
    if (m.harmonics.empty()) return 0;
    const auto taken = [&](const LineMeasure& lm) {
        for (double f : taken_hz) {
            if (std::abs(f - lm.found_hz) <= 2 * df + 0.005 * f) return true;
        }
        return false;
    };
    const auto counts = [&](const LineMeasure& lm) { return found(lm, o) && !taken(lm); };
    // The family must show its fundamental or its second harmonic.
    const bool anchored = counts(m.harmonics[0]) || (m.harmonics.size() > 1 && counts(m.harmonics[1]));
    if (!anchored) return 0;
    double score = 0;
    int lines_found = 0;
    for (std::size_t h = 0; h < m.harmonics.size(); ++h) {
        const double w = 1.0 / static_cast<double>(h + 1);
        if (!counts(m.harmonics[h])) continue;  // sidebands without their carrier are not a modulation
        score += w * m.harmonics[h].prominence_db();
        ++lines_found;
        for (const auto* side : {&m.lower, &m.upper}) {
            if (h < side->size() && counts((*side)[h])) {
                score += 0.25 * w * (*side)[h].prominence_db();
                ++lines_found;
            }
        }
    }
    // A cage family lives among the low-frequency lines of any machine: ask for two of its lines.
    if (m.kind == FaultKind::kCage && lines_found < 2) return 0;
    return score;
}

double family_score(const FamilyMatch& m, const DiagnosisOptions& o) { return family_score(m, o, {}, 0); }

Result<Diagnosis> diagnose(FftPlans& fft, const DiagnosisInput& in, const DiagnosisOptions& o) {
    if (!(in.fs > 0)) return fail(ErrorCode::kInvalidArgument, "sampling rate must be positive", "fs");
    if (in.samples.empty()) return fail(ErrorCode::kInvalidArgument, "the record has no samples", "samples");
    for (std::size_t i = 0; i < in.samples.size(); ++i) {
        if (!std::isfinite(in.samples[i])) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("sample {} is not a finite number", i + 1),
                        "samples");
        }
    }
    if (in.geometry.z <= 0 || !(in.geometry.dw > 0) || !(in.geometry.dpw > in.geometry.dw)) {
        return fail(ErrorCode::kInvalidArgument, "bearing geometry incomplete (rolling elements, Dw, Dpw)", "bearing");
    }
    Diagnosis d;
    d.fs = in.fs;
    d.duration_s = static_cast<double>(in.samples.size()) / in.fs;
    d.features = time_features(in.samples);
    d.severity = severity_zone(rms_velocity_mm_s(fft, in.samples, in.fs, in.unit), in.group, in.mounting);

    const RecordSpectrum raw = record_spectrum(fft, in.samples, in.fs);
    if (in.rpm) {
        if (!(*in.rpm > 0)) return fail(ErrorCode::kInvalidArgument, "speed must be positive", "rpm");
        d.rpm = *in.rpm;
    } else {
        const AmplitudeSpectrum a = amplitude_spectrum(fft, in.samples, in.fs);
        const auto est = estimate_shaft_speed(SpectrumView{a.df, a.amplitude}, o.rpm_min / 60, o.rpm_max / 60);
        if (!(est.shaft_hz > 0)) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("no shaft-speed line found between {} and {} rpm; give the speed (--rpm)",
                                    o.rpm_min, o.rpm_max),
                        "rpm");
        }
        d.rpm = est.shaft_hz * 60;
        d.rpm_estimated = true;
    }
    const double fr = d.rpm / 60;
    d.lines = defect_lines(in.geometry, fr);
    double top = 0;
    for (FaultKind k : kKinds) top = std::max(top, d.lines.fundamental(k));
    const double max_f = (o.harmonics * top + fr) * (1 + o.speed_tolerance) + fr;
    if (max_f >= in.fs / 2) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("sampling rate {} Hz too low for the defect lines up to {:.0f} Hz", in.fs, max_f),
                    "fs");
    }
    // Resolution: the lines of a family must be told from their neighbours at the shaft order.
    if (d.duration_s * fr < 20) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("record too short: {:.2f} s holds fewer than 20 shaft revolutions", d.duration_s),
                    "samples");
    }

    d.methods.push_back(
        analyse(Method::kRaw, squared_envelope_spectrum(fft, raw, 0, in.fs / 2, max_f), d.lines, o));
    {
        const auto white = cepstrum_prewhiten(fft, in.samples);
        const RecordSpectrum ws = record_spectrum(fft, white, in.fs);
        d.methods.push_back(
            analyse(Method::kPrewhitened, squared_envelope_spectrum(fft, ws, 0, in.fs / 2, max_f), d.lines, o));
    }
    {
        const Separation sep = discrete_random_separation(fft, in.samples);
        const RecordSpectrum rs = record_spectrum(fft, sep.random, in.fs);
        KurtogramOptions ko;
        ko.max_level = o.kurtogram_levels;
        // The band must hold a fault line's sidebands: at least three times the highest fundamental wide.
        ko.min_bandwidth = 3 * top;
        ko.max_centre = 0.9 * in.fs / 2;
        d.kurtogram = fast_kurtogram(fft, rs, ko);
        d.methods.push_back(analyse(Method::kSeparatedKurtogram,
                                    squared_envelope_spectrum(fft, rs, d.kurtogram.best.f_low,
                                                              d.kurtogram.best.f_high, max_f),
                                    d.lines, o));
    }

    std::array<std::size_t, 4> best_method{};
    for (std::size_t k = 0; k < 4; ++k) {
        for (std::size_t m = 0; m < d.methods.size(); ++m) {
            if (d.methods[m].scores[k] > d.scores[k]) {
                d.scores[k] = d.methods[m].scores[k];
                best_method[k] = m;
            }
        }
    }
    std::size_t first = 0;
    for (std::size_t k = 1; k < 4; ++k) {
        if (d.scores[k] > d.scores[first]) first = k;
    }
    double second = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        if (k != first) second = std::max(second, d.scores[k]);
    }
    const double best = d.scores[first];
    if (best >= o.verdict_threshold) {
        d.fault = kKinds[first];
        // Strength of the evidence times its separation from the runner-up (a ranking aid, not a probability).
        const double strength = 1 - std::exp(-best / (2 * o.verdict_threshold));
        const double margin = (best - second) / best;
        d.confidence = std::clamp(strength * (0.5 + 0.5 * margin), 0.0, 1.0);
    } else {
        d.confidence = std::clamp(1 - best / o.verdict_threshold, 0.0, 1.0) * 0.8;
    }
    if (best > 0) collect_evidence(d.methods[best_method[first]], kKinds[first], d.lines, o, d.evidence);
    return d;
}

}  // namespace yandian::monitor
