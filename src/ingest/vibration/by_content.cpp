// A vibration record read by what its bytes are, from a file or from memory.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/vibration/vibration_file.hpp"

namespace yandian::ingest::vibration {
namespace {

bool is_sound(std::string_view head) {
    const std::string_view magic = head.substr(0, 4);
    return magic == "RIFF" || magic == "RIFX" || magic == "RF64" || magic == "FORM" || magic == "fLaC" ||
           magic == "OggS";
}

Result<VibrationRecord> named(Result<VibrationRecord> r, const std::string& label) {
    if (!r) return fail(r.error().code, label + ": " + r.error().message, r.error().field);
    return r;
}

// A private temporary file (mode 0600, unlinked when this goes out of scope).
class TemporaryFile {
public:
    TemporaryFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "yandian-record-XXXXXX.mat").string();
        fd_ = mkstemps(pattern.data(), 4);
        if (fd_ >= 0) path_ = pattern;
    }
    ~TemporaryFile() {
        if (fd_ >= 0) {
            close(fd_);
            unlink(path_.c_str());
        }
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    Status write(std::string_view bytes) {
        if (fd_ < 0) return fail(ErrorCode::kInternal, std::string("cannot create a temporary file: ") + std::strerror(errno));
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return fail(ErrorCode::kInternal, std::string("cannot write a temporary file: ") + std::strerror(errno));
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return {};
    }
    const std::string& path() const { return path_; }

private:
    int fd_ = -1;
    std::string path_;
};

}  // namespace

Result<VibrationRecord> read_vibration_file(const std::string& path, const ReadOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kNotFound, path + ": cannot open the file", "file");
    char head[6] = {};
    in.read(head, sizeof head);
    if (std::string_view(head, static_cast<std::size_t>(in.gcount())) == "MATLAB") return read_mat_file(path, options);
    in.clear();
    in.seekg(0);
    std::ostringstream all;
    all << in.rdbuf();
    return read_vibration_bytes(all.str(), options, path);
}

Result<VibrationRecord> read_vibration_bytes(std::string_view bytes, const ReadOptions& options,
                                             const std::string& label) {
    if (bytes.empty()) return fail(ErrorCode::kInvalidArgument, label + ": the record is empty", "file");
    if (bytes.substr(0, 6) == "MATLAB") {
        TemporaryFile file;  // read_mat_file checks the structure before libmatio opens it
        if (auto ok = file.write(bytes); !ok) return tl::unexpected(ok.error());
        auto r = read_mat_file(file.path(), options);
        if (!r) {
            // The message names the temporary file; name the record instead.
            std::string message = r.error().message;
            for (auto at = message.find(file.path()); at != std::string::npos; at = message.find(file.path())) {
                message.replace(at, file.path().size(), label);
            }
            return fail(r.error().code, message, r.error().field);
        }
        return r;
    }
    if (is_sound(bytes)) return named(read_sound(bytes, options), label);
    return named(read_csv(bytes, options), label);
}

}  // namespace yandian::ingest::vibration
