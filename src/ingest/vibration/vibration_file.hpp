#pragma once
// Readers of vibration records: MATLAB level-5 .mat (libmatio), WAV and other sound files (libsndfile), and CSV.
// Each returns one channel as samples in a unit, with the sampling rate and, when the file holds it, the shaft speed.
// Errors name what is wrong: an unknown variable or channel, a NaN or infinite sample (with its index), a truncated
// or unreadable file, an empty record.
//
// MAT files: signals are real double (or single) vectors. The channel is chosen by the variable-name suffix
// "_DE_time", "_FE_time" or "_BA_time" (the CWRU convention; never by the file's name or record number), or by an
// exact variable name. A scalar variable whose name ends in "RPM" gives the speed; one named fs, Fs, sr or
// sample_rate gives the rate.
//
// CSV: optional "# key=value" lines first (fs, unit, rpm, channel), then an optional header row, then one column
// (the value) or two (time in s, value). With a time column the rate is 1 / the mean step, which must be uniform
// within 1 %.
//
// Sound files: channel 1 by default (ReadOptions::sound_channel); samples as libsndfile's doubles (full scale
// +-1) times ReadOptions::scale, in ReadOptions::unit.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "monitor/spectrum.hpp"

namespace yandian::ingest::vibration {

struct ReadOptions {
    std::string channel;               // MAT: "DE", "FE", "BA" or a variable name; "" = DE, else the only signal
    std::optional<double> fs;          // overrides the file's rate (and is needed where the file has none)
    std::optional<monitor::Unit> unit;  // overrides the file's unit (default g)
    int sound_channel = 1;             // sound files: 1-based channel
    double scale = 1.0;                // sound files: units per full scale
    std::optional<double> default_fs;  // used when neither the file nor `fs` gives a rate
};

struct VibrationRecord {
    std::vector<double> samples;
    double fs = 0;
    std::string fs_source;  // "file", "given", "default"
    std::string channel;    // "DE", "FE", "BA", a variable name, or "1", "2" for sound/CSV columns
    std::string variable;   // MAT variable read
    monitor::Unit unit = monitor::Unit::kG;
    std::optional<double> rpm;  // from the file
    std::string format;         // "mat", "wav", "csv"
};

[[nodiscard]] Result<VibrationRecord> read_mat_file(const std::string& path, const ReadOptions& options);
[[nodiscard]] Result<VibrationRecord> read_sound(std::string_view bytes, const ReadOptions& options);
[[nodiscard]] Result<VibrationRecord> read_csv(std::string_view text, const ReadOptions& options);

// By content: "MATLAB" header -> MAT, RIFF/RIFX/RF64/FORM/fLaC/OggS -> sound, otherwise CSV text.
[[nodiscard]] Result<VibrationRecord> read_vibration_file(const std::string& path, const ReadOptions& options);
// The same for a record held in memory (an upload); `label` names it in messages. A MAT record passes the structural
// check and is then handed to libmatio through a private temporary file (libmatio reads files only).
[[nodiscard]] Result<VibrationRecord> read_vibration_bytes(std::string_view bytes, const ReadOptions& options,
                                                           const std::string& label);

}  // namespace yandian::ingest::vibration
