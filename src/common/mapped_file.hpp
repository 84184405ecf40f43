#pragma once
// A file's bytes mapped read-only into memory: a large import is read in place by the parser (the page cache is
// the buffer) instead of being copied into a string first. An empty file is an empty view.
#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian {

class MappedFile {
  public:
    static Result<MappedFile> open(const std::string& path);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    [[nodiscard]] std::string_view text() const { return {static_cast<const char*>(data_), size_}; }

  private:
    MappedFile(void* data, std::size_t size) : data_(data), size_(size) {}
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace yandian
