// Market service: brand classification, designation normalisation, and the parsing of money, time, periods and
// dimensions.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "app/market_data.hpp"
#include "app/market_service.hpp"
#include "catalog/catalog_json.hpp"
#include "catalog/designation.hpp"
#include "common/civil_date.hpp"
#include "market/period.hpp"

namespace yandian::app {

using market_detail::floor_div;
using market_detail::kDayMs;
using market_detail::trim;

// ---------------------------------------------------------------------------------------------------------------
// Brands and tiers.
//
// International makers: the members of the "big eight" of the world bearing market as named in industry
// overviews (SKF, Schaeffler/FAG/INA, NSK, NTN, JTEKT/KOYO, NACHI, TIMKEN), with their registered Chinese trade
// names (斯凯孚, 舍弗勒, 恩斯克, 恩梯恩, 光洋, 不二越, 铁姆肯). Chinese top tier: the large state-founded makers
// listed as leading enterprises by the China Bearing Industry Association (瓦房店 ZWZ, 洛阳 LYC, 哈尔滨 HRB), the
// private leader 人本 C&U, and 襄阳 ZXY, 天马 TMB. See docs/market/data.md for the table and its sources. Every other
// name is a domestic brand; an empty or "no brand" entry is unbranded.
// ---------------------------------------------------------------------------------------------------------------

namespace {

struct BrandAlias {
    std::string_view alias;  // upper case for Latin names
    std::string_view brand;
    BrandTier tier;
};

constexpr BrandAlias kBrandAliases[] = {
    {"SKF", "SKF", BrandTier::kInternational},
    {"斯凯孚", "SKF", BrandTier::kInternational},
    {"FAG", "FAG", BrandTier::kInternational},
    {"INA", "FAG", BrandTier::kInternational},
    {"SCHAEFFLER", "FAG", BrandTier::kInternational},
    {"舍弗勒", "FAG", BrandTier::kInternational},
    {"依纳", "FAG", BrandTier::kInternational},
    {"NSK", "NSK", BrandTier::kInternational},
    {"恩斯克", "NSK", BrandTier::kInternational},
    {"NTN", "NTN", BrandTier::kInternational},
    {"恩梯恩", "NTN", BrandTier::kInternational},
    {"KOYO", "KOYO", BrandTier::kInternational},
    {"JTEKT", "KOYO", BrandTier::kInternational},
    {"光洋", "KOYO", BrandTier::kInternational},
    {"捷太格特", "KOYO", BrandTier::kInternational},
    {"NACHI", "NACHI", BrandTier::kInternational},
    {"不二越", "NACHI", BrandTier::kInternational},
    {"TIMKEN", "TIMKEN", BrandTier::kInternational},
    {"铁姆肯", "TIMKEN", BrandTier::kInternational},
    {"ZWZ", "ZWZ", BrandTier::kChineseTop},
    {"瓦轴", "ZWZ", BrandTier::kChineseTop},
    {"瓦房店", "ZWZ", BrandTier::kChineseTop},
    {"LYC", "LYC", BrandTier::kChineseTop},
    {"洛轴", "LYC", BrandTier::kChineseTop},
    {"HRB", "HRB", BrandTier::kChineseTop},
    {"哈轴", "HRB", BrandTier::kChineseTop},
    {"C&U", "C&U", BrandTier::kChineseTop},
    {"CU", "C&U", BrandTier::kChineseTop},
    {"人本", "C&U", BrandTier::kChineseTop},
    {"ZXY", "ZXY", BrandTier::kChineseTop},
    {"襄轴", "ZXY", BrandTier::kChineseTop},
    {"TMB", "TMB", BrandTier::kChineseTop},
    {"天马", "TMB", BrandTier::kChineseTop},
    {"", "", BrandTier::kUnbranded},
    {"-", "", BrandTier::kUnbranded},
    {"NONE", "", BrandTier::kUnbranded},
    {"NO BRAND", "", BrandTier::kUnbranded},
    {"UNBRANDED", "", BrandTier::kUnbranded},
    {"OEM", "", BrandTier::kUnbranded},
    {"无", "", BrandTier::kUnbranded},
    {"无牌", "", BrandTier::kUnbranded},
    {"无品牌", "", BrandTier::kUnbranded},
    {"散装", "", BrandTier::kUnbranded},
    {"白牌", "", BrandTier::kUnbranded},
};

}  // namespace

std::string_view to_string(BrandTier tier) {
    switch (tier) {
        case BrandTier::kInternational:
            return "international";
        case BrandTier::kChineseTop:
            return "chinese_top";
        case BrandTier::kDomestic:
            return "domestic";
        case BrandTier::kUnbranded:
            return "unbranded";
    }
    return "unbranded";
}

std::string fold_raw_designation(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool space = false;
    for (char c : trim(raw)) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

BrandInfo classify_brand(std::string_view raw_brand) {
    const std::string folded = fold_raw_designation(raw_brand);
    for (const BrandAlias& a : kBrandAliases) {
        if (folded == a.alias) return BrandInfo{std::string(a.brand), a.tier};
    }
    // "SKF瑞典", "NSK 日本": a known Latin name followed by a country or remark.
    for (const BrandAlias& a : kBrandAliases) {
        if (a.alias.size() >= 3 && folded.rfind(a.alias, 0) == 0 && a.tier != BrandTier::kUnbranded) {
            const char next = folded.size() > a.alias.size() ? folded[a.alias.size()] : ' ';
            if (!(next >= 'A' && next <= 'Z') && !(next >= '0' && next <= '9')) {
                return BrandInfo{std::string(a.brand), a.tier};
            }
        }
    }
    return BrandInfo{folded, BrandTier::kDomestic};
}

std::string_view size_class_of_outer_diameter(double D) {
    if (!(D > 0)) return "unknown";
    if (D <= 26) return "micro";
    if (D <= 55) return "small";
    if (D <= 115) return "medium_small";
    if (D <= 190) return "medium_large";
    if (D <= 430) return "large";
    return "extra_large";
}

Result<NormalisedDesignation> normalise_designation(std::string_view raw) {
    const std::string_view text = trim(raw);
    if (text.empty()) return fail(ErrorCode::kInvalidArgument, "designation is empty", "designation");
    auto des = catalog::parse_designation(text);
    if (!des) return tl::unexpected(des.error());
    const catalog::Catalog& cat = catalog::default_catalog();
    auto dims = cat.dimensions(*des);
    double D = dims ? dims->D : des->outer_from_code;
    if (!dims && D <= 0) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("the catalogue has no bearing {}", catalog::basic_designation(*des)), "designation");
    }
    NormalisedDesignation out;
    out.canonical = catalog::canonical(*des);
    out.bearing_type = std::string(catalog::type_name(des->type));
    out.size_class = std::string(size_class_of_outer_diameter(D));
    if (des->brand != catalog::Brand::kNone && des->brand != catalog::Brand::kGbOld) {
        out.brand = std::string(catalog::brand_name(des->brand));
    }
    out.series = std::string(des->type_prefix) + std::string(des->series);
    return out;
}

Result<std::int64_t> parse_yuan(std::string_view text, std::string_view field) {
    std::string_view t = trim(text);
    if (t.empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is empty", field), std::string(field));
    const auto bad = [&] {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' must be a positive amount in yuan with at most 2 decimals, got '{}'", field, t),
                    std::string(field));
    };
    std::int64_t whole = 0;
    std::size_t i = 0;
    std::size_t digits = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        if (whole > 100'000'000'000LL) return bad();
        whole = whole * 10 + (t[i] - '0');
        ++i;
        ++digits;
    }
    std::int64_t cents = 0;
    if (i < t.size() && t[i] == '.') {
        ++i;
        int n = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            if (n == 2) return bad();
            cents = cents * 10 + (t[i] - '0');
            ++i;
            ++n;
        }
        if (n == 1) cents *= 10;
        if (n == 0 && digits == 0) return bad();
    }
    if (i != t.size() || (digits == 0 && cents == 0)) return bad();
    const std::int64_t fen = whole * 100 + cents;
    if (fen <= 0) return bad();
    return fen;
}

std::string format_yuan(std::int64_t fen) {
    const bool negative = fen < 0;
    const std::int64_t a = negative ? -fen : fen;
    return fmt::format("{}{}.{:02}", negative ? "-" : "", a / 100, a % 100);
}

namespace {

bool read_int(std::string_view t, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > t.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
        if (t[i] < '0' || t[i] > '9') return false;
        out = out * 10 + (t[i] - '0');
    }
    return true;
}

}  // namespace

Result<std::int64_t> parse_market_time(std::string_view text) {
    const std::string_view t = trim(text);
    const auto bad = [&] {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'time' must be YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601 UTC, got '{}'", t),
                    "time");
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    if (!read_int(t, 0, 4, y) || t.size() < 10 || t[4] != '-' || !read_int(t, 5, 2, mo) || t[7] != '-' ||
        !read_int(t, 8, 2, d)) {
        return bad();
    }
    std::size_t i = 10;
    if (i < t.size()) {
        if (t[i] != 'T' && t[i] != ' ') return bad();
        if (!read_int(t, i + 1, 2, h) || i + 3 >= t.size() || t[i + 3] != ':' || !read_int(t, i + 4, 2, mi)) {
            return bad();
        }
        i += 6;
        if (i < t.size() && t[i] == ':') {
            if (!read_int(t, i + 1, 2, s)) return bad();
            i += 3;
            if (i < t.size() && t[i] == '.') {
                if (!read_int(t, i + 1, 3, ms)) return bad();
                i += 4;
            }
        }
        if (i < t.size() && t[i] == 'Z') ++i;
        if (i != t.size()) return bad();
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return bad();
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kDaysIn[mo - 1] + (mo == 2 && leap ? 1 : 0)) return bad();  // 2026-02-29, 2026-04-31
    const std::int64_t days = market::days_from_civil(y, mo, d);
    return days * kDayMs + ((h * 60 + mi) * 60 + s) * 1000LL + ms;
}

std::string format_market_time(std::int64_t time_ms) {
    const std::int64_t days = floor_div(time_ms, kDayMs);
    const std::int64_t rest = time_ms - days * kDayMs;
    const CivilDate c = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.year, c.month, c.day, rest / 3'600'000,
                       rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
}

Result<Period> parse_period(std::string_view text, std::string_view field) {
    int y = 0, m = 0;
    const std::string_view t = trim(text);
    if (t.size() != 7 || !read_int(t, 0, 4, y) || t[4] != '-' || !read_int(t, 5, 2, m) || m < 1 || m > 12) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a month YYYY-MM, got '{}'", field, t),
                    std::string(field));
    }
    return Period{y, m};
}

Result<Dimension> parse_dimension(std::string_view text) {
    static const std::pair<std::string_view, Dimension> kNames[] = {
        {"type", Dimension::kType},     {"tier", Dimension::kTier},       {"size", Dimension::kSize},
        {"region", Dimension::kRegion}, {"channel", Dimension::kChannel}, {"series", Dimension::kSeries},
        {"all", Dimension::kAll}};
    for (const auto& [name, d] : kNames) {
        if (text == name) return d;
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'by' must be type, tier, size, region, channel, series or all, got '{}'", text), "by");
}

}  // namespace yandian::app
