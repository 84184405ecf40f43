// WAV (and the other formats libsndfile reads) from bytes in memory, through sf_open_virtual.
#include <fmt/format.h>
#include <sndfile.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "ingest/vibration/common_checks.hpp"
#include "ingest/vibration/vibration_file.hpp"

namespace yandian::ingest::vibration {
namespace {

struct Memory {
    std::string_view bytes;
    sf_count_t pos = 0;
};

sf_count_t mem_length(void* user) { return static_cast<sf_count_t>(static_cast<Memory*>(user)->bytes.size()); }
sf_count_t mem_seek(sf_count_t offset, int whence, void* user) {
    auto* m = static_cast<Memory*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes.size());
    sf_count_t base = 0;
    if (whence == SEEK_CUR) base = m->pos;
    if (whence == SEEK_END) base = size;
    const sf_count_t target = base + offset;
    if (target < 0) return -1;
    m->pos = std::min(target, size);
    return m->pos;
}
sf_count_t mem_read(void* ptr, sf_count_t count, void* user) {
    auto* m = static_cast<Memory*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes.size());
    const sf_count_t n = std::max<sf_count_t>(0, std::min(count, size - m->pos));
    if (n > 0) std::memcpy(ptr, m->bytes.data() + m->pos, static_cast<std::size_t>(n));
    m->pos += n;
    return n;
}
sf_count_t mem_write(const void*, sf_count_t, void*) { return 0; }
sf_count_t mem_tell(void* user) { return static_cast<Memory*>(user)->pos; }

// RIFF/WAVE: the size the "data" chunk announces against the bytes that follow it (libsndfile quietly reads what
// is there, so a cut file would otherwise pass as a shorter record). 0 when complete or not a RIFF file.
std::size_t missing_wav_bytes(std::string_view b) {
    if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") return 0;
    std::size_t pos = 12;
    while (pos + 8 <= b.size()) {
        const auto* p = reinterpret_cast<const unsigned char*>(b.data() + pos + 4);
        const std::size_t size = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::size_t>(p[3]) << 24);
        if (b.substr(pos, 4) == "data") {
            const std::size_t have = b.size() - pos - 8;
            return size > have && size != 0xFFFFFFFFu ? size - have : 0;
        }
        pos += 8 + size + (size & 1);
    }
    return 0;
}

}  // namespace

Result<VibrationRecord> read_sound(std::string_view bytes, const ReadOptions& options) {
    if (const std::size_t missing = missing_wav_bytes(bytes); missing > 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("WAV file truncated: its data chunk lacks {} of the bytes it announces", missing),
                    "file");
    }
    Memory mem{bytes, 0};
    SF_VIRTUAL_IO io{mem_length, mem_seek, mem_read, mem_write, mem_tell};
    SF_INFO info{};
    SNDFILE* file = sf_open_virtual(&io, SFM_READ, &info, &mem);
    if (file == nullptr) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("not a readable sound file ({})", sf_strerror(nullptr)), "file");
    }
    struct Closer {
        SNDFILE* f;
        ~Closer() { sf_close(f); }
    } closer{file};
    if (info.channels <= 0 || info.samplerate <= 0) {
        return fail(ErrorCode::kInvalidArgument, "sound file header has no channels or no sampling rate", "file");
    }
    if (options.sound_channel < 1 || options.sound_channel > info.channels) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("sound file has {} channel(s); channel {} asked for", info.channels,
                                options.sound_channel),
                    "channel");
    }
    // Frames the header promises; bounded by what the bytes can hold (a lying header must not allocate gigabytes).
    // Compressed encodings hold more than one sample per byte (4-bit ADPCM two, GSM 6.10 about five): at most eight
    // per byte are read.
    const sf_count_t max_frames = static_cast<sf_count_t>(bytes.size()) * 8 / info.channels + 1;
    const sf_count_t frames = std::clamp<sf_count_t>(info.frames, 0, max_frames);
    std::vector<double> interleaved(static_cast<std::size_t>(frames) * static_cast<std::size_t>(info.channels));
    const sf_count_t got = frames > 0 ? sf_readf_double(file, interleaved.data(), frames) : 0;
    if (sf_error(file) != SF_ERR_NO_ERROR) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("sound file could not be read: {}", sf_strerror(file)),
                    "file");
    }
    if (got < info.frames) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("sound file truncated: the header announces {} frames, {} could be read", info.frames,
                                got),
                    "file");
    }
    VibrationRecord r;
    r.format = "wav";
    r.channel = std::to_string(options.sound_channel);
    r.fs = info.samplerate;
    r.samples.resize(static_cast<std::size_t>(got));
    const auto ch = static_cast<std::size_t>(options.sound_channel - 1);
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        r.samples[i] = interleaved[i * static_cast<std::size_t>(info.channels) + ch] * options.scale;
    }
    auto ok = detail::check_record(r, options, "sound file");
    if (!ok) return tl::unexpected(ok.error());
    return r;
}

}  // namespace yandian::ingest::vibration
