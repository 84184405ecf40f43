// Readers of vibration files on files the tests write themselves: MAT level 5 through matio (a CWRU-like layout
// with DE/FE channels, a uint16-stored RPM, a NaN sample, a truncated copy), WAV through libsndfile, and CSV.
#include <gtest/gtest.h>
#include <matio.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/vibration/vibration_file.hpp"
#include "process.hpp"

namespace yandian::ingest::vibration {
namespace {

namespace fs = std::filesystem;

void write_vector(mat_t* mat, const char* name, std::vector<double> v) {
    size_t dims[2] = {v.size(), 1};
    matvar_t* var = Mat_VarCreate(name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, v.data(), 0);
    ASSERT_NE(var, nullptr);
    ASSERT_EQ(Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE), 0);
    Mat_VarFree(var);
}

class VibrationFiles : public ::testing::Test {
  protected:
    std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

    // X123_DE_time = 0.001 i, X123_FE_time = -0.002 i (1000 samples each), X123RPM = 1797 stored as uint16.
    std::string write_mat(const std::string& name, bool with_nan = false) {
        const std::string p = path(name);
        mat_t* mat = Mat_CreateVer(p.c_str(), nullptr, MAT_FT_MAT5);
        EXPECT_NE(mat, nullptr);
        std::vector<double> de(1000), fe(1000);
        for (int i = 0; i < 1000; ++i) {
            de[static_cast<std::size_t>(i)] = 0.001 * i;
            fe[static_cast<std::size_t>(i)] = -0.002 * i;
        }
        if (with_nan) de[499] = std::nan("");
        write_vector(mat, "X123_DE_time", de);
        write_vector(mat, "X123_FE_time", fe);
        std::uint16_t rpm = 1797;
        size_t one[2] = {1, 1};
        matvar_t* r = Mat_VarCreate("X123RPM", MAT_C_DOUBLE, MAT_T_UINT16, 2, one, &rpm, 0);
        Mat_VarWrite(mat, r, MAT_COMPRESSION_NONE);
        Mat_VarFree(r);
        Mat_Close(mat);
        return p;
    }

    yandian::testing::TempDir dir_;
};

TEST_F(VibrationFiles, MatChannelBySuffixAndRpm) {
    const auto p = write_mat("rig.mat");
    ReadOptions o;
    o.fs = 12000;
    auto de = read_vibration_file(p, o);
    ASSERT_TRUE(de) << de.error().message;
    EXPECT_EQ(de->format, "mat");
    EXPECT_EQ(de->channel, "DE");
    EXPECT_EQ(de->variable, "X123_DE_time");
    ASSERT_EQ(de->samples.size(), 1000u);
    EXPECT_DOUBLE_EQ(de->samples[10], 0.01);
    ASSERT_TRUE(de->rpm);
    EXPECT_DOUBLE_EQ(*de->rpm, 1797);
    EXPECT_EQ(de->fs_source, "given");
    o.channel = "fe";
    auto fe = read_vibration_file(p, o);
    ASSERT_TRUE(fe);
    EXPECT_DOUBLE_EQ(fe->samples[10], -0.02);
}

TEST_F(VibrationFiles, MatErrorsNameTheProblem) {
    const auto p = write_mat("rig.mat");
    ReadOptions o;
    o.channel = "BA";
    auto ba = read_vibration_file(p, o);
    ASSERT_FALSE(ba);
    EXPECT_NE(ba.error().message.find("_BA_time"), std::string::npos) << ba.error().message;
    EXPECT_NE(ba.error().message.find("X123_DE_time"), std::string::npos);  // lists what there is
    o.channel = "X999_DE_time";
    auto unknown = read_vibration_file(p, o);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("unknown variable"), std::string::npos);
    // No rate in the file and none given.
    auto no_rate = read_vibration_file(p, {});
    ASSERT_FALSE(no_rate);
    EXPECT_EQ(no_rate.error().field, "fs");
    // NaN sample, named by its position.
    const auto bad = write_mat("nan.mat", true);
    ReadOptions rate;
    rate.fs = 12000;
    auto nan = read_vibration_file(bad, rate);
    ASSERT_FALSE(nan);
    EXPECT_NE(nan.error().message.find("sample 500 is NaN"), std::string::npos) << nan.error().message;
    // Truncated: the first 3000 bytes of the file (the DE vector is cut).
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(path("cut.mat"), std::ios::binary) << bytes.substr(0, 3000);
    auto cut = read_vibration_file(path("cut.mat"), rate);
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.error().message.find("truncated MAT file"), std::string::npos) << cut.error().message;
    // Not a MAT file at all, though it starts like one.
    std::ofstream(path("junk.mat"), std::ios::binary) << "MATLAB 5.0 MAT-file, but nothing else";
    EXPECT_FALSE(read_vibration_file(path("junk.mat"), rate));
}

TEST_F(VibrationFiles, WavChannelsAndScale) {
    const std::string p = path("rec.wav");
    SF_INFO info{};
    info.samplerate = 25600;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(p.c_str(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr);
    std::vector<float> frames;
    for (int i = 0; i < 500; ++i) {
        frames.push_back(0.5f);
        frames.push_back(-0.25f);
    }
    ASSERT_EQ(sf_writef_float(f, frames.data(), 500), 500);
    sf_close(f);
    ReadOptions o;
    o.sound_channel = 2;
    o.scale = 10;  // 10 g full scale
    auto r = read_vibration_file(p, o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->format, "wav");
    EXPECT_DOUBLE_EQ(r->fs, 25600);
    EXPECT_EQ(r->fs_source, "file");
    ASSERT_EQ(r->samples.size(), 500u);
    EXPECT_DOUBLE_EQ(r->samples[0], -2.5);
    o.sound_channel = 3;
    auto missing = read_vibration_file(p, o);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("2 channel"), std::string::npos);
    // Truncated data chunk: the header promises more frames than follow.
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    auto cut = read_sound(bytes.substr(0, bytes.size() - 1000), {});
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.error().message.find("truncated"), std::string::npos) << cut.error().message;
}

TEST_F(VibrationFiles, CsvForms) {
    auto one = read_csv("# fs=12000\n# unit=m/s2\n# rpm=1750\nvalue\n0.1\n-0.2\n0.3\n", {});
    ASSERT_TRUE(one) << one.error().message;
    EXPECT_DOUBLE_EQ(one->fs, 12000);
    EXPECT_EQ(one->unit, monitor::Unit::kMetresPerSecondSquared);
    ASSERT_TRUE(one->rpm);
    EXPECT_DOUBLE_EQ(*one->rpm, 1750);
    EXPECT_EQ(one->samples, (std::vector<double>{0.1, -0.2, 0.3}));
    // time,value without a header: the rate from the step.
    auto two = read_csv("0.0000,1\n0.0005,2\n0.0010,3\n", {});
    ASSERT_TRUE(two) << two.error().message;
    EXPECT_NEAR(two->fs, 2000, 1e-6);
    EXPECT_EQ(two->samples.size(), 3u);
}

TEST_F(VibrationFiles, CsvErrorsNameTheLine) {
    auto nan = read_csv("# fs=100\nvalue\n1\nNaN\n", {});
    ASSERT_FALSE(nan);
    EXPECT_NE(nan.error().message.find("line 4"), std::string::npos) << nan.error().message;
    auto text = read_csv("# fs=100\nvalue\n1\nabc\n", {});
    ASSERT_FALSE(text);
    EXPECT_NE(text.error().message.find("line 4"), std::string::npos) << text.error().message;
    auto empty = read_csv("# fs=100\n", {});
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
    auto uneven = read_csv("t,v\n0,1\n0.001,2\n0.005,3\n", {});
    ASSERT_FALSE(uneven);
    EXPECT_NE(uneven.error().message.find("time step"), std::string::npos) << uneven.error().message;
    auto no_rate = read_csv("value\n1\n2\n", {});
    ASSERT_FALSE(no_rate);
    EXPECT_EQ(no_rate.error().field, "fs");
}

}  // namespace
}  // namespace yandian::ingest::vibration
