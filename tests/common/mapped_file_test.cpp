// MappedFile: the bytes of a file as written, an empty file as an empty view, and a clear error naming the path.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/mapped_file.hpp"

namespace yandian {
namespace {

TEST(MappedFile, ReadsTheBytesAsWrittenAndNamesAMissingPath) {
    const auto dir = std::filesystem::temp_directory_path() / ("yandian-mapped-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string text = std::string("shop,time\n1,2026-01-05\n") + std::string(1, '\0') + "tail";
    {
        std::ofstream out(dir / "a.csv", std::ios::binary);
        out << text;
        std::ofstream empty(dir / "empty.csv", std::ios::binary);
    }
    auto a = MappedFile::open((dir / "a.csv").string());
    ASSERT_TRUE(a.has_value()) << a.error().message;
    EXPECT_EQ(a->text(), text);
    MappedFile moved = std::move(*a);
    EXPECT_EQ(moved.text(), text);
    auto empty = MappedFile::open((dir / "empty.csv").string());
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->text().empty());
    auto missing = MappedFile::open((dir / "nope.csv").string());
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().message.find("nope.csv"), std::string::npos);
    EXPECT_FALSE(MappedFile::open(dir.string()).has_value());  // a directory is not a file
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yandian
