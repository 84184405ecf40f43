// AQDEF reader/writer tests.
//
// The sample tests/ingest/data/inner_ring_6205.dfq was written for these tests in the layout of the public Q-DAS
// sample `successfactory/aqdef-reader: aqdefreader/tests/testmeasures.dfq` and of the Q-DAS ASCII Transfer Format
// description summarised in /work/shared/reference/spc-anchors.md section 3: K0100 first, K1xxx/1 part fields,
// K2xxx/K8xxx/n characteristic fields, then one compact value line per measured part (characteristics separated by
// 0x0F, fields by 0x14 in the order K0001 K0002 K0004 K0005 K0006 K0007 K0008 K0010 K0011 K0012; attribute
// characteristics start with K0020 K0021), each followed by K0080/n and K0081/n lines; CRLF line ends.
// Expected epoch milliseconds were computed independently with Python's datetime (see each comment;
// tests/reference/epoch_times.py prints every one).
#include "ingest/aqdef.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace yandian::ingest {
namespace {

std::string read_sample() {
    std::ifstream in(std::string(YANDIAN_SOURCE_DIR) + "/tests/ingest/data/inner_ring_6205.dfq", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string field(const std::vector<AqdefField>& fields, std::string_view key) {
    for (const auto& f : fields) {
        if (f.key == key) return f.value;
    }
    return "<absent>";
}

bool contains(const std::vector<std::string>& list, std::string_view text) {
    for (const auto& s : list) {
        if (s.find(text) != std::string::npos) return true;
    }
    return false;
}

// 2026-11-29 08:00:05 at UTC+8 = 2026-11-29T00:00:05Z = 1795910405000 ms (Python datetime).
constexpr std::int64_t kFirstTime = 1795910405000;
// 2026-11-29 08:05:10 at UTC+8 = 2026-11-29T00:05:10Z = 1795910710000 ms (Python datetime).
constexpr std::int64_t kThirdTime = 1795910710000;

TEST(AqdefRead, SampleDescription) {
    auto file = read_aqdef(read_sample());
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_EQ(file->parts.size(), 1u);
    const AqdefPart& part = file->parts[0];
    EXPECT_EQ(part.index, 1u);
    EXPECT_EQ(part.number, "6205-IR");
    EXPECT_EQ(part.description, "6205 inner ring, after finish grinding");
    EXPECT_EQ(field(part.other_fields, "K1041"), "DWG-6205-IR-03");
    EXPECT_EQ(field(part.other_fields, "K1086"), "OP40 bore grinding");
    ASSERT_EQ(part.characteristics.size(), 3u);
    EXPECT_EQ(file->characteristic_count(), 3u);
    EXPECT_TRUE(file->warnings.empty()) << file->warnings.front();

    const AqdefCharacteristic& bore = part.characteristics[0];
    EXPECT_EQ(bore.index, 1u);
    EXPECT_EQ(bore.number, "B1");
    EXPECT_EQ(bore.description, "Bore diameter");
    EXPECT_EQ(bore.type, 0);
    EXPECT_EQ(bore.decimal_places, 4);
    EXPECT_DOUBLE_EQ(*bore.nominal, 25.0);
    EXPECT_DOUBLE_EQ(*bore.lower_limit, 24.990);
    EXPECT_DOUBLE_EQ(*bore.upper_limit, 25.000);
    EXPECT_EQ(bore.unit, "mm");
    EXPECT_EQ(field(bore.other_fields, "K8500"), "5");
    EXPECT_EQ(field(bore.other_fields, "K2005"), "3");

    const AqdefCharacteristic& visual = part.characteristics[2];
    EXPECT_EQ(visual.type, 1);
    EXPECT_FALSE(visual.nominal.has_value());

    // Kept verbatim and reported, with the line of first use.
    EXPECT_TRUE(contains(file->uninterpreted, "K1041 (line 4)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K8500 (line 18)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K0081"));
    EXPECT_TRUE(contains(file->uninterpreted, "K0010"));
    EXPECT_FALSE(contains(file->uninterpreted, "K2101"));
}

TEST(AqdefRead, SampleCompactValues) {
    auto file = read_aqdef(read_sample());
    ASSERT_TRUE(file) << file.error().message;
    const AqdefCharacteristic& bore = *file->characteristic(1);
    ASSERT_EQ(bore.values.values.size(), 3u);
    EXPECT_TRUE(bore.values.errors.empty());
    const IncomingValue& v0 = bore.values.values[0];
    EXPECT_DOUBLE_EQ(v0.value, 24.9962);
    EXPECT_EQ(v0.attributes, 0u);
    EXPECT_EQ(v0.time_ms, kFirstTime);
    EXPECT_EQ(v0.part, "LOT-2611");
    EXPECT_EQ(v0.operator_name, "wang");
    EXPECT_EQ(v0.gauge, "G3");
    EXPECT_EQ(v0.subgroup, "S1");
    EXPECT_EQ(field(bore.value_fields[0], "K0007"), "1");
    EXPECT_EQ(field(bore.value_fields[0], "K0010"), "M07");
    EXPECT_EQ(field(bore.value_fields[0], "K0081"), "1");
    EXPECT_EQ(field(bore.value_fields[0], "K0005"), "<absent>");  // empty fields are absent

    // Exponent notation as Q-DAS tools write it; attribute 129 = invalid, kept with its flag.
    const IncomingValue& v2 = bore.values.values[2];
    EXPECT_DOUBLE_EQ(v2.value, 24.9951);
    EXPECT_EQ(v2.attributes, 129u);
    EXPECT_EQ(v2.time_ms, kThirdTime);
    EXPECT_EQ(v2.subgroup, "S2");

    const AqdefCharacteristic& width = *file->characteristic(2);
    ASSERT_EQ(width.values.values.size(), 3u);
    EXPECT_DOUBLE_EQ(width.values.values[1].value, 14.9603);
    EXPECT_EQ(width.values.values[1].gauge, "G4");
    EXPECT_EQ(field(width.value_fields[1], "K0081"), "2");

    // Attribute characteristic: K0020 subgroup size is the sample size, the value is the number of defects K0021.
    const AqdefCharacteristic& visual = *file->characteristic(3);
    ASSERT_EQ(visual.values.values.size(), 3u);
    EXPECT_DOUBLE_EQ(visual.values.values[0].value, 0.0);
    EXPECT_DOUBLE_EQ(visual.values.values[2].value, 2.0);
    EXPECT_EQ(visual.values.values[2].size, std::optional<double>(50.0));
    EXPECT_EQ(visual.values.values[2].time_ms, kThirdTime);
}

void expect_same_data(const AqdefFile& a, const AqdefFile& b) {
    ASSERT_EQ(a.parts.size(), b.parts.size());
    for (std::size_t p = 0; p < a.parts.size(); ++p) {
        const auto& pa = a.parts[p];
        const auto& pb = b.parts[p];
        EXPECT_EQ(pa.number, pb.number);
        EXPECT_EQ(pa.description, pb.description);
        ASSERT_EQ(pa.other_fields.size(), pb.other_fields.size());
        for (std::size_t i = 0; i < pa.other_fields.size(); ++i) {
            EXPECT_EQ(pa.other_fields[i].key, pb.other_fields[i].key);
            EXPECT_EQ(pa.other_fields[i].value, pb.other_fields[i].value);
        }
        ASSERT_EQ(pa.characteristics.size(), pb.characteristics.size());
        for (std::size_t c = 0; c < pa.characteristics.size(); ++c) {
            const auto& ca = pa.characteristics[c];
            const auto& cb = pb.characteristics[c];
            EXPECT_EQ(ca.index, cb.index);
            EXPECT_EQ(ca.number, cb.number);
            EXPECT_EQ(ca.description, cb.description);
            EXPECT_EQ(ca.type, cb.type);
            EXPECT_EQ(ca.nominal, cb.nominal);
            EXPECT_EQ(ca.lower_limit, cb.lower_limit);
            EXPECT_EQ(ca.upper_limit, cb.upper_limit);
            EXPECT_EQ(ca.unit, cb.unit);
            EXPECT_EQ(ca.decimal_places, cb.decimal_places);
            ASSERT_EQ(ca.other_fields.size(), cb.other_fields.size());
            for (std::size_t i = 0; i < ca.other_fields.size(); ++i) {
                EXPECT_EQ(ca.other_fields[i].key, cb.other_fields[i].key);
                EXPECT_EQ(ca.other_fields[i].value, cb.other_fields[i].value);
            }
            ASSERT_EQ(ca.values.values.size(), cb.values.values.size());
            for (std::size_t v = 0; v < ca.values.values.size(); ++v) {
                const auto& va = ca.values.values[v];
                const auto& vb = cb.values.values[v];
                EXPECT_EQ(va.value, vb.value);
                EXPECT_EQ(va.time_ms, vb.time_ms);
                EXPECT_EQ(va.subgroup, vb.subgroup);
                EXPECT_EQ(va.part, vb.part);
                EXPECT_EQ(va.operator_name, vb.operator_name);
                EXPECT_EQ(va.gauge, vb.gauge);
                EXPECT_EQ(va.attributes, vb.attributes);
                EXPECT_EQ(va.size, vb.size);
                ASSERT_EQ(ca.value_fields[v].size(), cb.value_fields[v].size());
                for (std::size_t i = 0; i < ca.value_fields[v].size(); ++i) {
                    EXPECT_EQ(ca.value_fields[v][i].key, cb.value_fields[v][i].key);
                    EXPECT_EQ(ca.value_fields[v][i].value, cb.value_fields[v][i].value);
                }
            }
        }
    }
    ASSERT_EQ(a.other_fields.size(), b.other_fields.size());
}

TEST(AqdefWrite, RoundTripOfSample) {
    auto first = read_aqdef(read_sample());
    ASSERT_TRUE(first) << first.error().message;
    const std::string written = write_aqdef(*first);
    EXPECT_EQ(written.rfind("K0100 3\r\n", 0), 0u);
    EXPECT_NE(written.find("K1001/1 6205-IR\r\n"), std::string::npos);
    EXPECT_NE(written.find("K2110/1 24.99\r\n"), std::string::npos);
    EXPECT_NE(written.find("K0004/1 29.11.2026/08:00:05\r\n"), std::string::npos);
    auto second = read_aqdef(written);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE(second->warnings.empty());
    expect_same_data(*first, *second);
    // Written once more, the text is stable.
    EXPECT_EQ(write_aqdef(*second), written);
}

TEST(AqdefWrite, RoundTripOfBuiltFileInOtherZone) {
    AqdefFile file;
    AqdefPart part;
    part.number = "30205";
    part.description = "tapered roller bearing cone";
    AqdefCharacteristic c;
    c.number = "1";
    c.description = "Cone width";
    c.nominal = 16.0;
    c.lower_limit = 15.9;
    c.upper_limit = 16.0;
    c.unit = "mm";
    c.decimal_places = 3;
    for (int i = 0; i < 4; ++i) {
        IncomingValue v;
        v.value = 15.95 + 0.001 * i;
        v.time_ms = 1709164800000 + i * 1000;  // 2024-02-29T00:00:00Z + i s (Python datetime)
        v.subgroup = "G" + std::to_string(i / 2);
        v.operator_name = "li";
        c.values.values.push_back(v);
        c.value_fields.emplace_back();
    }
    c.value_fields[1].push_back({"K0005", "101"});
    part.characteristics.push_back(c);
    file.parts.push_back(part);
    file.parts[0].characteristics[0].index = 1;
    file.parts[0].index = 1;

    AqdefOptions berlin;
    berlin.utc_offset_minutes = 60;
    const std::string text = write_aqdef(file, berlin);
    EXPECT_NE(text.find("K0004/1 29.02.2024/01:00:01\r\n"), std::string::npos);
    EXPECT_NE(text.find("K0005/1 101\r\n"), std::string::npos);
    auto back = read_aqdef(text, berlin);
    ASSERT_TRUE(back) << back.error().message;
    expect_same_data(file, *back);
}

TEST(AqdefRead, DescriptionAndValuesPair) {
    const std::string sample = read_sample();
    const std::size_t split = sample.find("24.9962");
    ASSERT_NE(split, std::string::npos);
    auto pair = read_aqdef(sample.substr(0, split), sample.substr(split));
    auto whole = read_aqdef(sample);
    ASSERT_TRUE(pair) << pair.error().message;
    ASSERT_TRUE(whole);
    expect_same_data(*whole, *pair);
    // Errors in the value file name it and its own line numbers.
    auto bad = read_aqdef(sample.substr(0, split), "K0001/1 25.0\r\nK0001/9 1\r\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("dfx line 2, K0001/9"), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().message.find("characteristic 9 is not described"), std::string::npos);
}

TEST(AqdefRead, KFieldValueFormAndAllIndex) {
    const std::string text =
        "K0100 2\n"
        "K1001 R-1\n"  // no /n: part 1
        "K2001/1 D\n"
        "K2001/2 W\n"
        "K2142/0 mm\n"  // /0: every characteristic ...
        "K2142/2 um\n"  // ... unless it has its own
        "K0001/1 25.001\n"
        "K0002/1 0\n"
        "K0004/1 17.03.2023/14:22:05\n"
        "K0006/1 B-17\n"
        "K0008/1 zhang\n"
        "K0012/1 G1\n"
        "K0001/2 14.99\n"
        "K0006/0 LOT-9\n"  // /0 on a value field: last value of every characteristic
        "K0001 25.002\n";  // no /n: characteristic 1
    auto file = read_aqdef(text);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->parts[0].number, "R-1");
    EXPECT_EQ(file->characteristic(1)->unit, "mm");
    EXPECT_EQ(file->characteristic(2)->unit, "um");
    const auto& d = file->characteristic(1)->values.values;
    ASSERT_EQ(d.size(), 2u);
    EXPECT_DOUBLE_EQ(d[0].value, 25.001);
    // 17.03.2023 14:22:05 at UTC+8 = 2023-03-17T06:22:05Z = 1679034125000 ms (Python datetime).
    EXPECT_EQ(d[0].time_ms, 1679034125000);
    EXPECT_EQ(d[0].part, "LOT-9");  // overwritten by K0006/0
    EXPECT_EQ(d[0].operator_name, "zhang");
    EXPECT_EQ(d[0].gauge, "G1");
    EXPECT_DOUBLE_EQ(d[1].value, 25.002);
    EXPECT_FALSE(d[1].part.has_value());
    EXPECT_EQ(file->characteristic(2)->values.values[0].part, "LOT-9");
}

TEST(AqdefRead, TimeZoneOption) {
    AqdefOptions utc;
    utc.utc_offset_minutes = 0;
    auto file = read_aqdef("K2001/1 D\nK0001/1 1\nK0004/1 17.03.2023/14:22:05\n", utc);
    ASSERT_TRUE(file);
    // 2023-03-17T14:22:05Z = 1679034125000 + 8 h (Python datetime).
    EXPECT_EQ(file->characteristic(1)->values.values[0].time_ms, 1679034125000 + 8 * 3600 * 1000);
}

TEST(AqdefTime, ParseAndFormat) {
    EXPECT_EQ(*parse_aqdef_time("17.03.2023/14:22:05", 480), 1679034125000);
    EXPECT_EQ(*parse_aqdef_time("17.3.2023/14:22", 480), 1679034120000);
    EXPECT_EQ(*parse_aqdef_time("29.02.2024/08:00:00", 480), 1709164800000);  // leap day, 00:00Z (Python)
    EXPECT_FALSE(parse_aqdef_time("29.02.2023/08:00:00", 480));               // 2023 is not a leap year
    EXPECT_FALSE(parse_aqdef_time("31.04.2023/08:00:00", 480));
    EXPECT_FALSE(parse_aqdef_time("17.03.2023/24:00:00", 480));
    EXPECT_FALSE(parse_aqdef_time("17.03.23/14:22:05", 480));
    EXPECT_FALSE(parse_aqdef_time("2023-03-17 14:22:05", 480));
    EXPECT_FALSE(parse_aqdef_time("17.03.2023/14:22:05x", 480));
    EXPECT_EQ(format_aqdef_time(1679034125000, 480), "17.03.2023/14:22:05");
    EXPECT_EQ(format_aqdef_time(1679034125999, 480), "17.03.2023/14:22:05");  // whole seconds
    EXPECT_EQ(format_aqdef_time(-1, 0), "31.12.1969/23:59:59");
}

TEST(AqdefErrors, MalformedKeyNamesLineAndKey) {
    auto r = read_aqdef("K0100 1\nK2001/1 D\nK21x1/1 5\n");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("line 3, K21x1/1"), std::string::npos) << r.error().message;
    for (const char* bad : {"K2001/ x\n", "K2001/1x 5\n", "K200 5\n", "K20011 5\n", "K2001/1234567890 5\n"}) {
        auto e = read_aqdef(bad);
        ASSERT_FALSE(e) << bad;
        EXPECT_NE(e.error().message.find("line 1"), std::string::npos) << e.error().message;
    }
}

TEST(AqdefErrors, BadDescriptionNumbers) {
    auto r = read_aqdef("K2001/1 D\nK2101/1 2,5\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("line 2, K2101/1: '2,5' is not a number"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().field, "K2101");
    EXPECT_FALSE(read_aqdef("K2001/1 D\nK2004/1 x\n"));
    EXPECT_FALSE(read_aqdef("K2001/1 D\nK2022/1 -1\n"));
    EXPECT_FALSE(read_aqdef("K0100 many\n"));
    auto defaults = read_aqdef("K2001/1 D\nK2111/0 high\n");  // /0 defaults are checked too
    ASSERT_FALSE(defaults);
    EXPECT_NE(defaults.error().message.find("line 2, K2111/0"), std::string::npos) << defaults.error().message;
    // An empty limit is "no limit", not an error.
    auto empty = read_aqdef("K2001/1 D\nK2110/1 \n");
    ASSERT_TRUE(empty);
    EXPECT_FALSE(empty->characteristic(1)->lower_limit.has_value());
}

TEST(AqdefErrors, ValueStructure) {
    auto undescribed = read_aqdef("K2001/1 D\nK0001/2 1.0\n");
    ASSERT_FALSE(undescribed);
    EXPECT_NE(undescribed.error().message.find("line 2, K0001/2: characteristic 2 is not described"),
              std::string::npos);
    auto all = read_aqdef("K2001/1 D\nK0001/0 1.0\n");
    ASSERT_FALSE(all);
    EXPECT_NE(all.error().message.find("not /0"), std::string::npos);
    auto wide = read_aqdef(
        "K2001/1 D\n1.0\x0f"
        "2.0\n");
    ASSERT_FALSE(wide);
    EXPECT_NE(wide.error().message.find("line 2, value 2"), std::string::npos) << wide.error().message;
    EXPECT_FALSE(read_aqdef(""));
    EXPECT_FALSE(read_aqdef("\r\n\r\n"));
}

TEST(AqdefErrors, BadValuesAreReportedAndOthersKept) {
    const std::string text =
        "K2001/1 D\n"
        "K2001/2 W\n"
        "K0004/1 01.01.2026/00:00:00\n"  // line 3: no value before it
        "25.001\x14"
        "0\x14"
        "30.02.2026/08:00:00\x0f"
        "15.0\n"        // line 4: bad date drops value 1 only
        "K0080/1 S1\n"  // belongs to the dropped value: ignored
        "K0080/2 S1\n"
        "abc\x0f"
        "15.1\x14x\n"  // line 7: bad number, bad attribute
        "25.002\x0f"
        "15.2\n"           // line 8: good
        "K0001/1 1e999\n"  // line 9: not finite
        "K0001/2 15.3\n"
        "K0002/2 -4\n"  // line 11: bad attribute drops 15.3
        "25.003\x14"
        "0\x14\x14\x14\x14\x14\x14\x14\x14\x14"
        "G\x14"
        "extra\n";  // line 12: 11 fields
    auto file = read_aqdef(text);
    ASSERT_TRUE(file) << file.error().message;
    const auto& d = file->characteristic(1)->values;
    ASSERT_EQ(d.values.size(), 1u);
    EXPECT_DOUBLE_EQ(d.values[0].value, 25.002);
    EXPECT_FALSE(d.values[0].subgroup.has_value());
    ASSERT_EQ(d.errors.size(), 5u);
    EXPECT_EQ(d.errors[0].index, 3u);
    EXPECT_EQ(d.errors[0].field, "K0004");
    EXPECT_NE(d.errors[0].message.find("no value of characteristic 1"), std::string::npos);
    EXPECT_EQ(d.errors[1].index, 4u);
    EXPECT_EQ(d.errors[1].field, "K0004");
    EXPECT_NE(d.errors[1].message.find("line 4, value 1, K0004: '30.02.2026/08:00:00'"), std::string::npos)
        << d.errors[1].message;
    EXPECT_EQ(d.errors[2].index, 7u);
    EXPECT_EQ(d.errors[2].field, "K0001");
    EXPECT_EQ(d.errors[3].index, 9u);
    EXPECT_EQ(d.errors[3].field, "K0001");
    EXPECT_EQ(d.errors[4].index, 12u);
    EXPECT_EQ(d.errors[4].field, "value");

    const auto& w = file->characteristic(2)->values;
    ASSERT_EQ(w.values.size(), 2u);
    EXPECT_DOUBLE_EQ(w.values[0].value, 15.0);
    EXPECT_EQ(w.values[0].subgroup, "S1");
    EXPECT_DOUBLE_EQ(w.values[1].value, 15.2);
    ASSERT_EQ(w.errors.size(), 2u);
    EXPECT_EQ(w.errors[0].index, 7u);
    EXPECT_EQ(w.errors[0].field, "K0002");
    EXPECT_EQ(w.errors[1].index, 11u);
    EXPECT_EQ(w.errors[1].field, "K0002");
}

TEST(AqdefRead, UnknownFieldsKeptReportedAndWrittenBack) {
    const std::string text =
        "K0100 3\n"  // disagrees with the 1 characteristic described
        "K0101 7\n"
        "K5111/1 node\n"
        "K1001/1 P\n"
        "K1999/1 future part field\n"
        "K2001/1 D\n"
        "K2999/1 future char field\n"
        "K2001/1 D again\n"  // set twice
        "K0001/1 1.5\n"
        "K0099/1 future value field\n";
    auto file = read_aqdef(text);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(contains(file->uninterpreted, "K0101 (line 2)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K5111 (line 3)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K1999 (line 5)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K2999 (line 7)"));
    EXPECT_TRUE(contains(file->uninterpreted, "K0099 (line 10)"));
    EXPECT_TRUE(contains(file->warnings, "K0100 declares 3 characteristics, the file describes 1"));
    EXPECT_TRUE(contains(file->warnings, "line 8, K2001/1: K2001 of characteristic 1 set again"));
    EXPECT_EQ(file->characteristic(1)->number, "D again");
    const std::string out = write_aqdef(*file);
    for (const char* line : {"K0101 7\r\n", "K5111/1 node\r\n", "K1999/1 future part field\r\n",
                             "K2999/1 future char field\r\n", "K0099/1 future value field\r\n"}) {
        EXPECT_NE(out.find(line), std::string::npos) << line;
    }
    auto back = read_aqdef(out);
    ASSERT_TRUE(back);
    expect_same_data(*file, *back);
}

TEST(AqdefRead, SeveralPartsNumberCharacteristicsAcrossTheFile) {
    const std::string text =
        "K0100 3\n"
        "K1001/1 IR\nK2001/1 bore\nK2001/2 width\n"
        "K1001/2 OR\nK2001/3 outside diameter\n"
        "1\x0f"
        "2\x0f"
        "3\n";
    auto file = read_aqdef(text);
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_EQ(file->parts.size(), 2u);
    EXPECT_EQ(file->parts[0].characteristics.size(), 2u);
    ASSERT_EQ(file->parts[1].characteristics.size(), 1u);
    EXPECT_EQ(file->parts[1].characteristics[0].number, "outside diameter");
    EXPECT_DOUBLE_EQ(file->parts[1].characteristics[0].values.values[0].value, 3.0);
    EXPECT_TRUE(file->warnings.empty());
    auto back = read_aqdef(write_aqdef(*file));
    ASSERT_TRUE(back);
    expect_same_data(*file, *back);
}

TEST(AqdefRead, ValueLineOfThePublicSample) {
    // The first value line of successfactory/aqdef-reader aqdefreader/tests/testmeasures.dfq (two characteristics,
    // K2101 250, K2110 200, K2111 300, K2142 cm), with the K0053/K0080/K0081 lines that follow it there.
    const std::string text =
        "K0100 2\nK0101 2\nK1001/1 Teil 123.456.789\nK2001/1 1\nK2002/1 Diameter\nK2101/1 250\nK2110/1 200\n"
        "K2111/1 300\nK2142/1 cm\nK2001/2 2\nK2002/2 Diameter before drill\nK2101/1 250\n"
        "2.49960000000000E+000\x14"
        "0\x14"
        "17.05.2002/05:54:58\x14\x14some comment here\x14"
        "0\x14"
        "49\x14"
        "0\x14\x14"
        "0\x0f"
        "2.49570000000000E+000\x14"
        "0\x14"
        "17.05.2002/05:54:58\x14\x14some comment here\x14"
        "0\x14"
        "49\x14"
        "0\x14\x14"
        "0\n"
        "K0053/1 615 647\nK0080/1 201217_055454_\nK0081/1 1\n";
    AqdefOptions utc;
    utc.utc_offset_minutes = 0;
    auto file = read_aqdef(text, utc);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->parts[0].number, "Teil 123.456.789");
    // The sample sets K2101/1 a second time inside the block of characteristic 2: accepted, with a warning.
    EXPECT_TRUE(contains(file->warnings, "line 12, K2101/1: K2101 of characteristic 1 set again"));
    const auto& c1 = *file->characteristic(1);
    ASSERT_EQ(c1.values.values.size(), 1u);
    const IncomingValue& v = c1.values.values[0];
    EXPECT_DOUBLE_EQ(v.value, 2.4996);
    EXPECT_EQ(v.attributes, 0u);
    // 2002-05-17T05:54:58Z = 1021614898000 ms (Python datetime).
    EXPECT_EQ(v.time_ms, 1021614898000);
    EXPECT_EQ(v.part, "some comment here");   // K0006 batch
    EXPECT_EQ(v.operator_name, "49");         // K0008
    EXPECT_EQ(v.gauge, "0");                  // K0012
    EXPECT_EQ(v.subgroup, "201217_055454_");  // K0080
    EXPECT_EQ(field(c1.value_fields[0], "K0007"), "0");
    EXPECT_EQ(field(c1.value_fields[0], "K0010"), "0");
    EXPECT_EQ(field(c1.value_fields[0], "K0053"), "615 647");
    EXPECT_DOUBLE_EQ(file->characteristic(2)->values.values[0].value, 2.4957);
    EXPECT_EQ(file->characteristic(2)->unit, "");
}

TEST(AqdefRead, AttributeValuesInKFieldForm) {
    // K0001 is the value in K-field form whatever K2004 says, and K0020/K0021 are kept as value fields, so a type
    // declared after the values does not change what the written file reads back as.
    auto file = read_aqdef("K2001/1 V\nK0001/1 2\nK0020/1 50\nK0021/1 x\nK2004/1 1\n");
    ASSERT_TRUE(file) << file.error().message;
    const auto& c = *file->characteristic(1);
    EXPECT_EQ(c.type, 1);
    ASSERT_EQ(c.values.values.size(), 1u);
    EXPECT_DOUBLE_EQ(c.values.values[0].value, 2.0);
    EXPECT_EQ(field(c.value_fields[0], "K0021"), "x");
    auto back = read_aqdef(write_aqdef(*file));
    ASSERT_TRUE(back);
    expect_same_data(*file, *back);
}

// The K-field layout Q-DAS writes for attribute characteristics (the public sample
// `diribet/aqdef-tools: .../writer/attributiveDfq_attributiveCharacteristic_and_errorLogSheet.dfq`): per sample
// K0020/n units inspected, K0021/n defects, then K0002/K0004 ..., and no K0001.
TEST(AqdefRead, AttributeSamplesInQdasKFieldLayout) {
    auto file = read_aqdef(
        "K2001/1 V1\nK2004/1 1\n"
        "K0020/1 1000\nK0021/1 1\nK0004/1 01.01.2013/15:18:31\n"
        "K0020/1 500\nK0021/1 3\nK0002/1 129\n"
        "K0021/1 2\n"               // a sample without its size
        "K0020/1 50\nK0021/1 -1\n"  // line 11: not a number of defects
        "K0020/1 40\n");            // line 12: a size with no count before the end
    ASSERT_TRUE(file) << file.error().message;
    const auto& c = *file->characteristic(1);
    ASSERT_EQ(c.values.values.size(), 3u);
    EXPECT_DOUBLE_EQ(c.values.values[0].value, 1.0);
    EXPECT_EQ(c.values.values[0].size, std::optional<double>(1000.0));
    EXPECT_EQ(c.values.values[0].time_ms, 1357024711000);  // 2013-01-01T15:18:31+08:00 (Python datetime)
    EXPECT_DOUBLE_EQ(c.values.values[1].value, 3.0);
    EXPECT_EQ(c.values.values[1].attributes, 129u);
    EXPECT_DOUBLE_EQ(c.values.values[2].value, 2.0);
    EXPECT_FALSE(c.values.values[2].size);
    ASSERT_EQ(c.values.errors.size(), 2u);
    EXPECT_EQ(c.values.errors[0].index, 11u);
    EXPECT_EQ(c.values.errors[0].field, "K0021");
    EXPECT_EQ(c.values.errors[1].index, 12u);
    EXPECT_NE(c.values.errors[1].message.find("no number of defects"), std::string::npos);
    // Written back in the same layout and read to the same samples.
    const std::string text = write_aqdef(*file);
    EXPECT_NE(text.find("K0020/1 1000\r\nK0021/1 1\r\nK0002/1 0\r\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("K0001/1"), std::string::npos);
    auto back = read_aqdef(text);
    ASSERT_TRUE(back) << back.error().message;
    expect_same_data(*file, *back);
    EXPECT_EQ(back->characteristic(1)->values.values[1].size, std::optional<double>(500.0));
}

// Found by aqdef_fuzz: an attribute sample (K0021, with or without K0020) that follows a K0001 value was written in
// the Q-DAS layout, which a reader folds into the value before it (one value fewer on re-reading).
TEST(AqdefWrite, AnAttributeSampleAfterAK0001ValueReadsBackAsItsOwnValue) {
    for (const char* sample : {"K0021 9", "K0020 5\nK0021 9"}) {
        auto file = read_aqdef(std::string("K2004 1\nK0001 2\nK0021\n0\n") + sample);
        ASSERT_TRUE(file) << file.error().message;
        const auto& c = *file->characteristic(1);
        ASSERT_EQ(c.values.values.size(), 2u) << sample;
        EXPECT_DOUBLE_EQ(c.values.values[0].value, 2.0);
        EXPECT_DOUBLE_EQ(c.values.values[1].value, 9.0);
        const std::string text = write_aqdef(*file);
        auto back = read_aqdef(text);
        ASSERT_TRUE(back) << back.error().message;
        ASSERT_EQ(back->characteristic(1)->values.values.size(), 2u) << text;
        EXPECT_DOUBLE_EQ(back->characteristic(1)->values.values[1].value, 9.0);
        EXPECT_EQ(back->characteristic(1)->values.values[1].size, c.values.values[1].size) << text;
    }
}

TEST(AqdefRead, ASubgroupSizeMustBePositive) {
    auto file = read_aqdef("K2001/1 V\nK2004/1 1\nK0020/1 0\nK0021/1 1\n");
    ASSERT_TRUE(file);
    EXPECT_TRUE(file->characteristic(1)->values.values.empty()) << "the K0021 belongs to the refused sample";
    ASSERT_FALSE(file->characteristic(1)->values.errors.empty());
    EXPECT_EQ(file->characteristic(1)->values.errors[0].field, "K0020");
}

}  // namespace
}  // namespace yandian::ingest
