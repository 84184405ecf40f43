// The structural check of MAT level-5 files (ingest/vibration/mat_check.hpp) on files built byte by byte from the
// layout in MathWorks' "MAT-File Format" (level 5: 128-byte header, tagged elements padded to 8 bytes, miMATRIX =
// array flags, dimensions, name, data; miCOMPRESSED = one zlib-deflated element), with each size made to lie in
// turn. Also a file libmatio writes compressed, which must pass and read back.
#include <gtest/gtest.h>
#include <matio.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/vibration/mat_check.hpp"
#include "ingest/vibration/vibration_file.hpp"
#include "process.hpp"

namespace yandian::ingest::vibration {
namespace {

constexpr std::uint32_t kMiInt8 = 1, kMiInt32 = 5, kMiUint32 = 6, kMiDouble = 9, kMiMatrix = 14, kMiCompressed = 15;
constexpr std::uint32_t kClassCell = 1, kClassDouble = 6;

std::string u32(std::uint32_t v) {
    std::string s(4, '\0');
    std::memcpy(s.data(), &v, 4);
    return s;
}

// A tagged element, padded to 8 bytes unless compressed; `announced` overrides the byte count in the tag.
std::string element(std::uint32_t type, const std::string& data, std::int64_t announced = -1) {
    std::string s = u32(type) + u32(announced < 0 ? static_cast<std::uint32_t>(data.size()) : static_cast<std::uint32_t>(announced)) + data;
    if (type != kMiCompressed) s.append((8 - data.size() % 8) % 8, '\0');
    return s;
}

std::string header() {
    std::string h = "MATLAB 5.0 MAT-file, written by hand for a test";
    h.resize(116, ' ');
    h.append(8, '\0');       // subsystem data offset
    h += std::string("\x00\x01", 2);  // version 0x0100, little-endian
    h += "IM";
    return h;
}

std::string doubles(const std::vector<double>& v) {
    std::string s(v.size() * 8, '\0');
    std::memcpy(s.data(), v.data(), s.size());
    return s;
}

// miMATRIX of class `cls` with dimensions rows x cols, a name and the given parts.
std::string matrix(std::uint32_t cls, std::int32_t rows, std::int32_t cols, const std::string& name,
                   const std::string& parts) {
    const std::string flags = element(kMiUint32, u32(cls) + u32(0));
    const std::string dims = element(kMiInt32, u32(static_cast<std::uint32_t>(rows)) + u32(static_cast<std::uint32_t>(cols)));
    return element(kMiMatrix, flags + dims + element(kMiInt8, name) + parts);
}

std::string vector_variable(const std::string& name, const std::vector<double>& v, std::int32_t announced_rows = -1) {
    return matrix(kClassDouble, announced_rows < 0 ? static_cast<std::int32_t>(v.size()) : announced_rows, 1, name,
                  element(kMiDouble, doubles(v)));
}

std::string deflate(const std::string& in) {
    uLongf size = compressBound(in.size());
    std::string out(size, '\0');
    EXPECT_EQ(compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(in.data()), in.size()),
              Z_OK);
    out.resize(size);
    return out;
}

std::vector<double> ramp(int n) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = 0.01 * i;
    return v;
}

std::string message_of(const Status& s) { return s ? std::string() : s.error().message; }

TEST(MatCheck, AHandBuiltFilePassesAndReadsBack) {
    const std::string file = header() + vector_variable("X1_DE_time", ramp(100));
    EXPECT_TRUE(check_mat_level5(file, "hand.mat")) << message_of(check_mat_level5(file, "hand.mat"));
    ReadOptions o;
    o.fs = 1000;
    auto r = read_vibration_bytes(file, o, "hand.mat");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->samples.size(), 100u);
    EXPECT_DOUBLE_EQ(r->samples[42], 0.42);
    EXPECT_EQ(r->channel, "DE");
}

TEST(MatCheck, DimensionsBeyondTheDataAreRefusedBeforeLibmatioAllocates) {
    // 2^30 rows announced, 100 doubles present: libmatio would allocate 8 GiB.
    const std::string file = header() + vector_variable("X1_DE_time", ramp(100), 1 << 30);
    const auto s = check_mat_level5(file, "big.mat");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("big.mat: corrupt MAT file"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("X1_DE_time"), std::string::npos) << s.error().message;
    // Within the element ceiling but still more than the data holds.
    const auto t = check_mat_level5(header() + vector_variable("X1_DE_time", ramp(100), 101), "short.mat");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("101 elements announced, the data holds 100"), std::string::npos) << t.error().message;
    ReadOptions o;
    o.fs = 1000;
    auto r = read_vibration_bytes(header() + vector_variable("X1_DE_time", ramp(100), 1 << 30), o, "upload");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.find("yandian-record-"), std::string::npos) << "the temporary file is not named";
    EXPECT_NE(r.error().message.find("upload: corrupt MAT file"), std::string::npos) << r.error().message;
}

TEST(MatCheck, AnElementLongerThanTheFileIsATruncatedFile) {
    std::string file = header() + vector_variable("X1_DE_time", ramp(100));
    file.resize(file.size() - 16);
    const auto s = check_mat_level5(file, "cut.mat");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("cut.mat: truncated MAT file"), std::string::npos) << s.error().message;
    // A nested element claiming more than its array holds.
    const std::string inner = element(kMiDouble, doubles(ramp(4)), 4000);
    const std::string lying = header() + matrix(kClassDouble, 4, 1, "X1_DE_time", inner);
    const auto t = check_mat_level5(lying, "nested.mat");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("real part announces 4000 bytes"), std::string::npos) << t.error().message;
}

TEST(MatCheck, CompressedElementsAreInflatedWithinTheCeiling) {
    const std::string var = vector_variable("X1_DE_time", ramp(1000));
    const std::string file = header() + element(kMiCompressed, deflate(var));
    EXPECT_TRUE(check_mat_level5(file, "z.mat")) << message_of(check_mat_level5(file, "z.mat"));
    // The same inflates to 8,112 bytes: over a ceiling of 4,096 it is refused.
    const auto capped = check_mat_level5(file, "z.mat", 4096);
    ASSERT_FALSE(capped);
    EXPECT_NE(capped.error().message.find("inflates to more than 4096 bytes"), std::string::npos) << capped.error().message;
    // A cut deflate stream.
    std::string cut = deflate(var);
    cut.resize(cut.size() / 2);
    const auto c = check_mat_level5(header() + element(kMiCompressed, cut), "zcut.mat");
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("cut short or damaged"), std::string::npos) << c.error().message;
    // A compressed array whose dimensions lie is caught inside the inflated element.
    const std::string lying = header() + element(kMiCompressed, deflate(vector_variable("X1_DE_time", ramp(10), 1 << 29)));
    const auto l = check_mat_level5(lying, "zlie.mat");
    ASSERT_FALSE(l);
    EXPECT_NE(l.error().message.find("more than 268435456 elements announced"), std::string::npos) << l.error().message;
}

TEST(MatCheck, CellsAndNestingAreBounded) {
    // A cell array announcing a million cells in a few bytes.
    const std::string cells = header() + matrix(kClassCell, 1000, 1000, "c", "");
    const auto s = check_mat_level5(cells, "cells.mat");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("1000000 cells announced"), std::string::npos) << s.error().message;
    // A true 1 x 2 cell of vectors passes.
    const std::string two = matrix(kClassCell, 1, 2, "c", vector_variable("", ramp(3)) + vector_variable("", ramp(2)));
    EXPECT_TRUE(check_mat_level5(header() + two, "two.mat"));
    // Cells nested 20 deep.
    std::string nested = vector_variable("", ramp(2));
    for (int i = 0; i < 20; ++i) nested = matrix(kClassCell, 1, 1, "", nested);
    const auto d = check_mat_level5(header() + nested, "deep.mat");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find("nested more than 16 deep"), std::string::npos) << d.error().message;
}

TEST(MatCheck, HeadersThatAreNotLevel5LittleEndianAreNamed) {
    std::string big = header() + vector_variable("x", ramp(3));
    big[126] = 'M';
    big[127] = 'I';
    EXPECT_NE(message_of(check_mat_level5(big, "be.mat")).find("big-endian"), std::string::npos);
    std::string v73 = header();
    v73.replace(0, 10, "MATLAB 7.3");
    EXPECT_NE(message_of(check_mat_level5(v73, "h5.mat")).find("MAT 7.3 (HDF5)"), std::string::npos);
    EXPECT_NE(message_of(check_mat_level5("MATLAB 5.0", "tiny.mat")).find("no 128-byte header"), std::string::npos);
}

TEST(MatCheck, AFileLibmatioWritesCompressedPassesAndReads) {
    yandian::testing::TempDir dir;
    const std::string path = dir.path() + "/z.mat";
    mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
    ASSERT_NE(mat, nullptr);
    std::vector<double> v = ramp(5000);
    size_t dims[2] = {v.size(), 1};
    matvar_t* var = Mat_VarCreate("X7_DE_time", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, v.data(), 0);
    ASSERT_EQ(Mat_VarWrite(mat, var, MAT_COMPRESSION_ZLIB), 0);
    Mat_VarFree(var);
    Mat_Close(mat);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    EXPECT_TRUE(check_mat_level5(bytes.str(), "z.mat")) << message_of(check_mat_level5(bytes.str(), "z.mat"));
    ReadOptions o;
    o.fs = 12000;
    auto r = read_vibration_bytes(bytes.str(), o, "z.mat");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->samples.size(), 5000u);
    EXPECT_DOUBLE_EQ(r->samples[4999], 49.99);
}

}  // namespace
}  // namespace yandian::ingest::vibration
