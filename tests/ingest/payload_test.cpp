// HTTP/MQTT measurement payload tests. Expected epoch milliseconds were computed independently with Python's
// datetime (tests/reference/epoch_times.py); leap-year rules from the Gregorian calendar
// (divisible by 4, except centuries not divisible by 400: 2000 and 2024 leap, 2023 and 2100 not).
#include "ingest/payload.hpp"

#include <gtest/gtest.h>

#include <string>

namespace yandian::ingest {
namespace {

// 2026-11-29T08:00:00.123Z (Python datetime).
constexpr std::int64_t kT0 = 1795939200123;

TEST(Iso8601, UtcAndOffsets) {
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T08:00:00.123Z"), kT0);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T16:00:00.123+08:00"), kT0);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T16:00:00.123+0800"), kT0);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T16:00:00.123+08"), kT0);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T03:00:00.123-05:00"), kT0);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29 08:00:00.123z"), kT0);
    // Offset crossing midnight back into the previous day: 2026-11-29T00:30+08:00 = 2026-11-28T16:30Z.
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T00:30:00+08:00"), 1795881600000 + 30 * 60 * 1000);
}

TEST(Iso8601, Milliseconds) {
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T08:00:00Z"), kT0 - 123);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T08:00:00.5Z"), kT0 - 123 + 500);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T08:00:00.12Z"), kT0 - 3);
    EXPECT_EQ(*parse_iso8601_ms("2026-11-29T08:00:00.123999999Z"), kT0);  // truncated, not rounded
    EXPECT_FALSE(parse_iso8601_ms("2026-11-29T08:00:00.1234567890Z"));
    EXPECT_FALSE(parse_iso8601_ms("2026-11-29T08:00:00.Z"));
    EXPECT_EQ(*parse_iso8601_ms("1969-12-31T23:59:59.999Z"), -1);
}

TEST(Iso8601, LeapYears) {
    EXPECT_EQ(*parse_iso8601_ms("2024-02-29T00:00:00Z"), 1709164800000);
    EXPECT_EQ(*parse_iso8601_ms("2000-02-29T00:00:00Z"), 951782400000);  // 2000-03-01 is 951868800000
    EXPECT_EQ(*parse_iso8601_ms("2000-03-01T00:00:00Z"), 951868800000);
    EXPECT_FALSE(parse_iso8601_ms("2023-02-29T00:00:00Z"));
    EXPECT_FALSE(parse_iso8601_ms("2100-02-29T00:00:00Z"));
    EXPECT_EQ(*parse_iso8601_ms("2100-02-28T23:59:59Z"), 4107542399000);
}

TEST(Iso8601, Refusals) {
    for (const char* bad :
         {"2026-11-29T08:00:00", "2026-11-29T08:00:00.123", "2026-11-29", "2026-13-01T00:00:00Z",
          "2026-11-31T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T08:60:00Z", "2026-11-29T08:00:60Z",
          "2026-11-29T08:00:00Zjunk", "2026-11-29T08:00:00+24:00", "2026-11-29T08:00:00+08:0", "2026/11/29T08:00:00Z",
          "", "1795939200123", "2026-11-29X08:00:00Z"}) {
        auto r = parse_iso8601_ms(bad);
        EXPECT_FALSE(r) << bad;
        if (!r) {
            EXPECT_EQ(r.error().field, "time");
        }
    }
}

TEST(Iso8601, FormatAndCalendar) {
    EXPECT_EQ(format_iso8601_ms(kT0), "2026-11-29T08:00:00.123Z");
    EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);  // 951868800 s / 86400
    // Every day from 1600 to 2400: consecutive day numbers, and back to the same date.
    std::int64_t expected = days_from_civil(1600, 1, 1);
    for (int y = 1600; y <= 2400; ++y) {
        for (int m = 1; m <= 12; ++m) {
            for (int d = 1; d <= 31; ++d) {
                if (!is_valid_date(y, m, d)) continue;
                ASSERT_EQ(days_from_civil(y, m, d), expected) << y << "-" << m << "-" << d;
                const CivilDate back = civil_from_days(expected);
                ASSERT_EQ(back.year, y);
                ASSERT_EQ(back.month, m);
                ASSERT_EQ(back.day, d);
                ++expected;
            }
        }
    }
    // 1600..2400 is 801 years with 195 leap years: 201 multiples of 4, less the 6 centuries not divisible by 400
    // (1700, 1800, 1900, 2100, 2200, 2300).
    EXPECT_EQ(expected - days_from_civil(1600, 1, 1), 801 * 365 + 195);
}

TEST(JsonPayload, MixedGoodAndBadValues) {
    const std::string body = R"({"values":[
        {"value":12.003,"time":"2026-11-29T08:00:00.123Z","subgroup":"S17","part":"R-000123","operator":"wang","gauge":"G3"},
        {"value":"12.004"},
        {"time":"2026-11-29T08:00:00Z"},
        {"value":12.005,"time":"2026-13-01T00:00:00Z"},
        {"value":"NaN"},
        12.006,
        {"value":12.007,"time":"2026-11-29T16:00:00.5+08:00","subgroup":17},
        {"value":12.008,"gauge":true},
        null,
        {"value":12.009,"time":1795939200123,"attributes":129,"unknown":"ignored"},
        {"value":12.010,"time":"2026-11-29T08:00:00"}
    ]})";
    auto batch = parse_json_measurements(body);
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->values.size(), 4u);
    const IncomingValue& a = batch->values[0];
    EXPECT_DOUBLE_EQ(a.value, 12.003);
    EXPECT_EQ(a.time_ms, kT0);
    EXPECT_EQ(a.subgroup, "S17");
    EXPECT_EQ(a.part, "R-000123");
    EXPECT_EQ(a.operator_name, "wang");
    EXPECT_EQ(a.gauge, "G3");
    EXPECT_DOUBLE_EQ(batch->values[1].value, 12.006);
    EXPECT_FALSE(batch->values[1].time_ms.has_value());
    EXPECT_EQ(batch->values[2].time_ms, kT0 - 123 + 500);
    EXPECT_EQ(batch->values[2].subgroup, "17");
    EXPECT_EQ(batch->values[3].time_ms, kT0);
    EXPECT_EQ(batch->values[3].attributes, 129u);

    ASSERT_EQ(batch->errors.size(), 7u);
    const std::pair<std::size_t, const char*> expected[] = {{1, "value"}, {2, "value"}, {3, "time"}, {4, "value"},
                                                            {7, "gauge"}, {8, "value"}, {10, "time"}};
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(batch->errors[i].index, expected[i].first);
        EXPECT_EQ(batch->errors[i].field, expected[i].second);
        EXPECT_FALSE(batch->errors[i].message.empty());
    }
    EXPECT_NE(batch->errors[0].message.find("a string, not a number"), std::string::npos);
    EXPECT_NE(batch->errors[1].message.find("missing 'value'"), std::string::npos);
    EXPECT_NE(batch->errors[2].message.find("2026-13-01T00:00:00Z"), std::string::npos);
    EXPECT_NE(batch->errors[6].message.find("no UTC offset"), std::string::npos);
}

TEST(JsonPayload, BareArrays) {
    auto objects = parse_json_measurements(R"([{"value":1.5},{"value":-2,"part":"L7"}])");
    ASSERT_TRUE(objects);
    ASSERT_EQ(objects->values.size(), 2u);
    EXPECT_DOUBLE_EQ(objects->values[1].value, -2.0);
    EXPECT_EQ(objects->values[1].part, "L7");
    auto numbers = parse_json_measurements("[12.003, 12.004, 1e-3]");
    ASSERT_TRUE(numbers);
    ASSERT_EQ(numbers->values.size(), 3u);
    EXPECT_DOUBLE_EQ(numbers->values[2].value, 0.001);
    EXPECT_TRUE(numbers->errors.empty());
    auto empty = parse_json_measurements(R"({"values":[]})");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->values.empty());
}

TEST(JsonPayload, WholeBodyErrors) {
    auto not_json = parse_json_measurements("{\"values\":[1,2");
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(not_json.error().message.find("not JSON"), std::string::npos);
    EXPECT_FALSE(parse_json_measurements(""));
    EXPECT_FALSE(parse_json_measurements("12.5 13"));
    // A number beyond double's range cannot be read by the JSON parser: the body is refused.
    EXPECT_FALSE(parse_json_measurements("[1e999]"));
    auto no_values = parse_json_measurements(R"({"value":1})");
    ASSERT_FALSE(no_values);
    EXPECT_NE(no_values.error().message.find("'values'"), std::string::npos);
    auto wrong_values = parse_json_measurements(R"({"values":{"value":1}})");
    ASSERT_FALSE(wrong_values);
    EXPECT_NE(wrong_values.error().message.find("'values' is an object, not an array"), std::string::npos);
    EXPECT_FALSE(parse_json_measurements(R"("12.5")"));
    EXPECT_FALSE(parse_json_measurements("12.5"));
    auto deep = parse_json_measurements(std::string(10000, '[') + std::string(10000, ']'));
    ASSERT_FALSE(deep);
    EXPECT_NE(deep.error().message.find("deeper"), std::string::npos);
    // A bracket inside a string does not count as nesting.
    EXPECT_TRUE(parse_json_measurements(R"([{"value":1,"part":")" + std::string(100, '[') + R"("}])"));
}

TEST(JsonPayload, TooManyValues) {
    PayloadOptions options;
    options.max_values = 3;
    EXPECT_TRUE(parse_json_measurements("[1,2,3]", options));
    auto r = parse_json_measurements("[1,2,3,4]", options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
    EXPECT_NE(r.error().message.find("4 values"), std::string::npos);
    // The default limit is 10,000 values.
    std::string big = "[0";
    for (int i = 1; i <= 10000; ++i) big += ",0";
    big += "]";
    auto over = parse_json_measurements(big);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(MqttPayload, SingleObjectNumberAndBatch) {
    auto single = parse_mqtt_payload(R"({"value":25.0012,"time":"2026-11-29T16:00:00.123+08:00","gauge":"G1"})");
    ASSERT_TRUE(single);
    ASSERT_EQ(single->values.size(), 1u);
    EXPECT_DOUBLE_EQ(single->values[0].value, 25.0012);
    EXPECT_EQ(single->values[0].time_ms, kT0);
    EXPECT_EQ(single->values[0].gauge, "G1");
    auto number = parse_mqtt_payload("25.0013");
    ASSERT_TRUE(number);
    ASSERT_EQ(number->values.size(), 1u);
    auto batch = parse_mqtt_payload(R"({"values":[1,2]})");
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->values.size(), 2u);
    auto bad = parse_mqtt_payload(R"({"value":25.0,"time":"yesterday"})");
    ASSERT_TRUE(bad);
    EXPECT_TRUE(bad->values.empty());
    ASSERT_EQ(bad->errors.size(), 1u);
    EXPECT_EQ(bad->errors[0].index, 0u);
    EXPECT_EQ(bad->errors[0].field, "time");
    EXPECT_FALSE(parse_mqtt_payload("not json"));
    EXPECT_FALSE(parse_mqtt_payload(R"({"reading":1})"));
}

TEST(CsvPayload, MixedGoodAndBadRows) {
    const std::string body =
        "value,time,subgroup,part,operator,gauge\r\n"
        "12.003,2026-11-29T08:00:00.123Z,S17,R-000123,wang,G3\r\n"
        "abc,,,,,\r\n"
        "nan,,,,,\r\n"
        "12.004,2026-11-29 08:00,S17,,,\r\n"
        "12.005,1795939200123,S18,,,\r\n"
        "inf,,,,,\r\n"
        ",,,,,\r\n"
        "\"12.006\",2026-11-29T16:00:00.123+08:00,\"S,18\",,,\r\n";
    auto batch = parse_csv_measurements(body);
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->values.size(), 3u);
    const IncomingValue& a = batch->values[0];
    EXPECT_DOUBLE_EQ(a.value, 12.003);
    EXPECT_EQ(a.time_ms, kT0);
    EXPECT_EQ(a.subgroup, "S17");
    EXPECT_EQ(a.part, "R-000123");
    EXPECT_EQ(a.operator_name, "wang");
    EXPECT_EQ(a.gauge, "G3");
    EXPECT_EQ(batch->values[1].time_ms, kT0);  // integer milliseconds
    EXPECT_FALSE(batch->values[1].part.has_value());
    EXPECT_EQ(batch->values[2].subgroup, "S,18");
    EXPECT_EQ(batch->values[2].time_ms, kT0);
    ASSERT_EQ(batch->errors.size(), 5u);
    const std::pair<std::size_t, const char*> expected[] = {
        {1, "value"}, {2, "value"}, {3, "time"}, {5, "value"}, {6, "value"}};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(batch->errors[i].index, expected[i].first);
        EXPECT_EQ(batch->errors[i].field, expected[i].second);
    }
    EXPECT_NE(batch->errors[0].message.find("line 3"), std::string::npos) << batch->errors[0].message;
    EXPECT_NE(batch->errors[2].message.find("line 5"), std::string::npos) << batch->errors[2].message;
}

TEST(CsvPayload, ColumnsInAnyOrderAndOnlyValue) {
    auto batch = parse_csv_measurements("gauge,extra,value\nG9,x,1.25\nG9,y,-0.5\n");
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->values.size(), 2u);
    EXPECT_DOUBLE_EQ(batch->values[1].value, -0.5);
    EXPECT_EQ(batch->values[1].gauge, "G9");
    auto header_only = parse_csv_measurements("value\n");
    ASSERT_TRUE(header_only);
    EXPECT_TRUE(header_only->values.empty());
}

TEST(CsvPayload, WholeBodyErrors) {
    auto no_value = parse_csv_measurements("time,reading\n2026-11-29T08:00:00Z,1\n");
    ASSERT_FALSE(no_value);
    EXPECT_EQ(no_value.error().field, "value");
    EXPECT_NE(no_value.error().message.find("missing column 'value'"), std::string::npos);
    auto ragged = parse_csv_measurements("value,gauge\n1,G1\n2\n");
    ASSERT_FALSE(ragged);
    EXPECT_NE(ragged.error().message.find("line 3"), std::string::npos) << ragged.error().message;
    auto quote = parse_csv_measurements("value\n\"1\n");
    ASSERT_FALSE(quote);
    EXPECT_FALSE(parse_csv_measurements(""));
    PayloadOptions options;
    options.max_values = 2;
    auto many = parse_csv_measurements("value\n1\n2\n3\n", options);
    ASSERT_FALSE(many);
    EXPECT_EQ(many.error().code, ErrorCode::kPayloadTooLarge);
}

// The mark of the source (AQDEF K0002) and the size of an attribute sample, in JSON, MQTT and CSV bodies.
TEST(Payload, MarksAndSampleSizes) {
    auto json = parse_json_measurements(
        R"({"values":[{"value":25.03,"attributes":129},{"value":3,"size":50},{"value":1,"size":0},{"value":2,"attributes":-1}]})");
    ASSERT_TRUE(json);
    ASSERT_EQ(json->values.size(), 2u);
    EXPECT_EQ(json->values[0].attributes, 129u);
    EXPECT_FALSE(json->values[0].size);
    EXPECT_EQ(json->values[1].size, std::optional<double>(50.0));
    ASSERT_EQ(json->errors.size(), 2u);
    EXPECT_EQ(json->errors[0].index, 2u);
    EXPECT_EQ(json->errors[0].field, "size");
    EXPECT_EQ(json->errors[1].field, "attributes");
    auto mqtt = parse_mqtt_payload(R"({"id":"G3-1","value":24.95,"attributes":290})");
    ASSERT_TRUE(mqtt);
    ASSERT_EQ(mqtt->values.size(), 1u);
    EXPECT_EQ(mqtt->values[0].attributes, 290u);
    auto csv = parse_csv_measurements("value,attributes,size\n25.001,,\n25.03,129,\n3,0,50\n2,x,\n1,,-5\n");
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->values.size(), 3u);
    EXPECT_EQ(csv->values[0].attributes, 0u);
    EXPECT_EQ(csv->values[1].attributes, 129u);
    EXPECT_EQ(csv->values[2].size, std::optional<double>(50.0));
    ASSERT_EQ(csv->errors.size(), 2u);
    EXPECT_EQ(csv->errors[0].field, "attributes");
    EXPECT_NE(csv->errors[0].message.find("line 5"), std::string::npos) << csv->errors[0].message;
    EXPECT_EQ(csv->errors[1].field, "size");
}

}  // namespace
}  // namespace yandian::ingest
