#include "app/market_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "app/market_json_rows.hpp"
#include "app/utc_time.hpp"
#include "catalog/catalog_json.hpp"
#include "catalog/designation.hpp"
#include "common/civil_date.hpp"
#include "common/content_hash.hpp"
#include "common/csv.hpp"
#include "market/holt_winters.hpp"
#include "market/outliers.hpp"
#include "market/period.hpp"
#include "market/price_index.hpp"
#include "market/turnover.hpp"
#include "store/database.hpp"

namespace yandian::app {

using nlohmann::json;

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

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

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

using Civil = CivilDate;

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

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
    const Civil c = civil_from_days(days);
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

// ---------------------------------------------------------------------------------------------------------------
// Import.
// ---------------------------------------------------------------------------------------------------------------

namespace {

std::uint64_t fnv(std::uint64_t h, std::string_view s) { return fnv1a(h, s); }
std::uint64_t fnv(std::uint64_t h, std::int64_t v) { return fnv1a(h, v); }

// Mixes the occurrence number into the content hash (splitmix64 finaliser), so two identical rows of one file
// are two sales and a re-import of the file gives the same keys again.
std::int64_t row_key(std::uint64_t content, std::uint64_t occurrence) {
    std::uint64_t z = content + 0x9e3779b97f4a7c15ULL * (occurrence + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<std::int64_t>(z);
}

// Channel code as stored (0 offline, 1 online, 2 export); the common spellings are matched without folding.
Result<std::uint8_t> parse_channel(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty() || t == "offline") return std::uint8_t{0};
    if (t == "online") return std::uint8_t{1};
    if (t == "export") return std::uint8_t{2};
    const std::string f = fold_raw_designation(t);
    if (f == "OFFLINE" || f == "线下" || f == "门店") return std::uint8_t{0};
    if (f == "ONLINE" || f == "线上" || f == "网店" || f == "电商") return std::uint8_t{1};
    if (f == "EXPORT" || f == "出口" || f == "外贸") return std::uint8_t{2};
    return fail(ErrorCode::kInvalidArgument, fmt::format("'channel' must be offline, online or export, got '{}'", t),
                "channel");
}

Result<std::int64_t> parse_quantity(std::string_view text) {
    const std::string_view t = trim(text);
    std::int64_t q = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), q);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || q <= 0 || q > 1'000'000'000) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'quantity' must be a positive integer, got '{}'", t),
                    "quantity");
    }
    return q;
}

struct StringKeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringKeyHash, std::equal_to<>>;

// Occurrence counts of row-content hashes: open addressing with linear probing over 8-byte slots (56 bits of the
// hash, 8 bits of count; counts past 254 go to a side map), because one import can hold millions of distinct
// hashes and a node-based map spends its time allocating. Two hashes equal in their top 56 bits share a count:
// the later row then gets the next occurrence number, which is still distinct and the same on every re-import.
class OccurrenceCounter {
  public:
    // Returns how often `key` was seen before, and counts this occurrence.
    std::uint64_t next(std::uint64_t key) {
        std::uint64_t tag = key & ~std::uint64_t{0xff};
        if (tag == 0) tag = 0x100;  // 0 marks an empty slot
        if ((used_ + 1) * 10 > slots_.size() * 7) grow();
        std::size_t i = slot(tag);
        while (slots_[i] != 0 && (slots_[i] & ~std::uint64_t{0xff}) != tag) i = (i + 1) & (slots_.size() - 1);
        if (slots_[i] == 0) {
            slots_[i] = tag | 1;  // seen once
            ++used_;
            return 0;
        }
        const std::uint64_t seen = slots_[i] & 0xff;
        if (seen < 0xff) {
            slots_[i] = tag | (seen + 1);
            return seen;
        }
        return 0xff + overflow_[tag]++;
    }

  private:
    std::size_t slot(std::uint64_t tag) const {
        return static_cast<std::size_t>((tag * 0x9e3779b97f4a7c15ULL) >> 24) & (slots_.size() - 1);
    }
    void grow() {
        std::vector<std::uint64_t> old(std::max<std::size_t>(64, slots_.size() * 2), 0);
        old.swap(slots_);
        for (std::uint64_t v : old) {
            if (v == 0) continue;
            std::size_t i = slot(v & ~std::uint64_t{0xff});
            while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = v;
        }
    }
    std::vector<std::uint64_t> slots_;
    std::size_t used_ = 0;
    std::unordered_map<std::uint64_t, std::uint64_t> overflow_;
};

// One transaction's fields as read (views into the CSV text or a RawTransaction), before validation.
struct RawFields {
    std::string_view time, designation, brand, quantity, unit_price, channel, region;
};

RawFields fields_of(const RawTransaction& r) {
    return RawFields{r.time, r.designation, r.brand, r.quantity, r.unit_price, r.channel, r.region};
}

// Validates, normalises and keys rows into the store's form. The dictionaries' entries are looked up (and created)
// once per distinct spelling of the import; a store failure stops the import at the next flush.
class Importer {
  public:
    using Resolutions = std::unordered_map<std::string, NormalisedDesignation>;

    Importer(store::MarketStore& store, std::shared_ptr<const Resolutions> resolved)
        : store_(store), resolved_(std::move(resolved)) {}

    static Result<std::shared_ptr<const Resolutions>> load_resolutions(store::MarketStore& store) {
        auto list = store.list_resolutions();
        if (!list) return tl::unexpected(list.error());
        auto out = std::make_shared<Resolutions>();
        for (auto& r : *list) {
            out->emplace(r.raw_key, NormalisedDesignation{r.canonical, r.bearing_type, r.size_class, "", r.series});
        }
        return std::shared_ptr<const Resolutions>(std::move(out));
    }

    // Validates and normalises one row of `shop`; a refused row is recorded in the report with its line.
    void add(std::int64_t shop, const RawFields& raw, std::size_t line, MarketImportReport& report) {
        ++report.rows;
        if (!failed_) return;
        store::MarketRow r;
        r.shop_org_id = shop;
        auto time = parse_market_time(raw.time);
        if (!time) return error(report, line, time.error());
        r.time_ms = *time;
        const std::string_view designation = trim(raw.designation);
        if (designation.empty()) {
            return error(report, line, Error{ErrorCode::kInvalidArgument, "'designation' is empty", "designation"});
        }
        auto q = parse_quantity(raw.quantity);
        if (!q) return error(report, line, q.error());
        r.quantity = *q;
        auto price = parse_yuan(raw.unit_price, "unit_price");
        if (!price) return error(report, line, price.error());
        r.unit_price_fen = *price;
        if (r.unit_price_fen > 1'000'000'000'000LL / r.quantity) {
            return error(report, line,
                         Error{ErrorCode::kInvalidArgument, "quantity x unit_price exceeds 10^12 fen", "unit_price"});
        }
        auto channel = parse_channel(raw.channel);
        if (!channel) return error(report, line, channel.error());
        r.channel = *channel;
        const std::string_view region = trim(raw.region);
        const std::string_view raw_brand = trim(raw.brand);

        const DesignationEntry* des = designation_entry(designation);
        const std::uint32_t* brand = brand_entry(raw_brand);
        const std::uint32_t* region_id = region_entry(region);
        if (des == nullptr || brand == nullptr || region_id == nullptr) return;  // store failure, kept in failed_
        r.designation = des->id;
        r.raw_brand = *brand;
        r.brand = raw_brand.empty() && des->implied_brand != 0 ? des->implied_brand : *brand;
        r.region = *region_id;
        if (des->waiting) ++report.waiting_review;

        // The row key hashes what was written, so a re-import (per shop or market-wide) gives the same keys; the
        // occurrence number is mixed in when the rows are keyed in file order (key_rows).
        std::uint64_t h = kFnvOffset;
        h = fnv(h, r.time_ms);
        h = fnv(h, designation);
        h = fnv(h, raw_brand);
        h = fnv(h, r.quantity);
        h = fnv(h, r.unit_price_fen);
        h = fnv(h, store::market_channel_name(r.channel));
        h = fnv(h, region);
        r.row_key = static_cast<std::int64_t>(h);
        pending_.push_back(r);
    }

    // The rows read so far (row_key still holding the content hash), or the store failure that stopped the import.
    Result<std::vector<store::MarketRow>> take() {
        if (!failed_) return tl::unexpected(failed_.error());
        std::vector<store::MarketRow> rows;
        rows.swap(pending_);
        return rows;
    }

    std::size_t pending() const { return pending_.size(); }

  private:
    struct DesignationEntry {
        std::uint32_t id = 0;
        bool waiting = true;
        std::uint32_t implied_brand = 0;  // brand dictionary id of the brand the designation names, 0 = none
    };

    static void error(MarketImportReport& report, std::size_t line, const Error& e) {
        if (report.errors.size() < 1000) report.errors.push_back(MarketRowError{line, e.field, e.message});
    }

    template <class T>
    const T* store_failed(const Error& e) {
        failed_ = tl::unexpected(e);
        return nullptr;
    }

    const DesignationEntry* designation_entry(std::string_view raw) {
        if (auto it = designations_.find(raw); it != designations_.end()) return &it->second;
        auto found = store_.find_designation(raw);
        if (!found) return store_failed<DesignationEntry>(found.error());
        store::MarketDesignation entry;
        if (*found) {
            entry = std::move(**found);
        } else {
            entry.raw_designation = std::string(raw);
            entry.raw_key = fold_raw_designation(raw);
            std::optional<NormalisedDesignation> n;
            if (auto it = resolved_->find(entry.raw_key); it != resolved_->end()) {
                n = it->second;
            } else if (auto read = normalise_designation(raw)) {
                n = std::move(*read);
            }
            if (n) {
                entry.canonical = n->canonical;
                entry.bearing_type = n->bearing_type;
                entry.size_class = n->size_class;
                entry.series = n->series;
                entry.implied_brand = n->brand;
            }
            auto id = store_.intern_designation(entry);
            if (!id) return store_failed<DesignationEntry>(id.error());
            entry.id = *id;
        }
        DesignationEntry out{entry.id, entry.canonical.empty(), 0};
        if (!entry.implied_brand.empty()) {
            const std::uint32_t* implied = brand_entry(entry.implied_brand);
            if (implied == nullptr) return nullptr;
            out.implied_brand = *implied;
        }
        return &designations_.emplace(std::string(raw), out).first->second;
    }

    const std::uint32_t* brand_entry(std::string_view raw) {
        if (auto it = brands_.find(raw); it != brands_.end()) return &it->second;
        const BrandInfo info = classify_brand(raw);
        auto id =
            store_.intern_brand(store::MarketBrand{0, std::string(raw), info.brand, std::string(to_string(info.tier))});
        if (!id) return store_failed<std::uint32_t>(id.error());
        return &brands_.emplace(std::string(raw), *id).first->second;
    }

    const std::uint32_t* region_entry(std::string_view name) {
        if (auto it = regions_.find(name); it != regions_.end()) return &it->second;
        auto id = store_.intern_region(name);
        if (!id) return store_failed<std::uint32_t>(id.error());
        return &regions_.emplace(std::string(name), *id).first->second;
    }

    store::MarketStore& store_;
    Status failed_;
    std::shared_ptr<const Resolutions> resolved_;
    StringMap<DesignationEntry> designations_;
    StringMap<std::uint32_t> brands_;
    StringMap<std::uint32_t> regions_;
    std::vector<store::MarketRow> pending_;
};

// Occurrence counters per shop: files are mostly grouped by shop or time, so the counter in use stays small and
// in cache instead of one table of every row of the file.
class ShopOccurrences {
  public:
    std::uint64_t next(std::int64_t shop, std::uint64_t content) {
        if (shop != last_shop_ || last_ == nullptr) {
            last_ = &counters_[shop];
            last_shop_ = shop;
        }
        return last_->next(content);
    }

  private:
    std::unordered_map<std::int64_t, OccurrenceCounter> counters_;
    std::int64_t last_shop_ = 0;
    OccurrenceCounter* last_ = nullptr;
};

// Keys the rows in file order (the k-th occurrence of the same content in one shop gets occurrence k, so two
// identical lines are two sales and a re-import gives the same keys) and stores them durably.
Status key_and_store(store::MarketStore& store, ShopOccurrences& occurrences, std::vector<store::MarketRow>& rows,
                     MarketImportReport& report) {
    if (rows.empty()) return {};
    for (store::MarketRow& r : rows) {
        const auto h = static_cast<std::uint64_t>(r.row_key);
        r.row_key = row_key(h, occurrences.next(r.shop_org_id, h));
    }
    auto inserted = store.insert_rows(rows);
    if (!inserted) return tl::unexpected(inserted.error());
    report.inserted += *inserted;
    report.duplicates += static_cast<std::int64_t>(rows.size()) - *inserted;
    return {};
}

struct CsvColumns {
    std::optional<std::size_t> shop, time, designation, brand, quantity, unit_price, channel, region;
};

Result<CsvColumns> csv_columns(const csv::Table& table) {
    CsvColumns c;
    c.shop = table.column("shop");
    c.brand = table.column("brand");
    c.channel = table.column("channel");
    c.region = table.column("region");
    for (auto [name, target] : {std::pair<std::string_view, std::optional<std::size_t>*>{"time", &c.time},
                                {"designation", &c.designation},
                                {"quantity", &c.quantity},
                                {"unit_price", &c.unit_price}}) {
        auto col = csv::require_column(table, name);
        if (!col) return tl::unexpected(col.error());
        *target = *col;
    }
    return c;
}

// Which shop a CSV record is for: the import's shop (a `shop` column, if present, must name it or be empty) or,
// market-wide, the merchant organisation the `shop` column names.
using ShopOfRecord = std::function<Result<std::int64_t>(std::string_view shop_field)>;

}  // namespace

void read_text_field(const json& row, std::string_view name, std::string& out, bool allow_number,
                     std::string& bad_field) {
    auto f = row.find(name);
    if (f == row.end() || f->is_null()) return;
    if (f->is_string()) {
        out = f->get<std::string>();
    } else if (allow_number && f->is_number_integer()) {
        out = std::to_string(f->get<std::int64_t>());
    } else if (bad_field.empty()) {
        bad_field = std::string(name);
    }
}

json to_json(const MarketImportReport& report) {
    json errors = json::array();
    for (const auto& e : report.errors)
        errors.push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
    return json{{"rows", report.rows},
                {"inserted", report.inserted},
                {"duplicates", report.duplicates},
                {"waiting_review", report.waiting_review},
                {"rejected", report.rows - report.inserted - report.duplicates},
                {"errors", errors}};
}

MarketService::MarketService(store::Database& db, Clock clock, MarketOptions options)
    : db_(db), clock_(std::move(clock)), options_(options), cache_(std::make_shared<Cache>()) {}

Result<OrgKind> organisation_kind(store::Database& db, std::int64_t org_id) {
    auto org = db.organisations().find(org_id);
    if (!org) return tl::unexpected(org.error());
    if (!*org) return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", org_id), "org_id");
    return parse_org_kind((*org)->kind);
}

Status require_shop_organisation(store::Database& db, std::int64_t org_id, std::string_view field) {
    auto kind = organisation_kind(db, org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation {} is not a shop (merchant organisation)", org_id), std::string(field));
    }
    return {};
}

Status MarketService::require_member(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kPermissionDenied,
                    "only a shop (merchant organisation) has transactions of its own; other parties see aggregates",
                    "org");
    }
    return {};
}

Result<MarketImportReport> MarketService::import_csv(const Principal& who, std::string_view text) {
    if (auto ok = require_member(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot import", "role");
    return import_csv_for_shop(who.org_id, text);
}

namespace {

struct CsvLayout {
    CsvColumns cols;
    std::size_t n_columns = 0;
    std::string header_text;  // the header line, ending in '\n'
};

void add_error(MarketImportReport& report, MarketRowError e) {
    if (report.errors.size() < 1000) report.errors.push_back(std::move(e));
}

// Reads the records of `body` (starting at physical line `line`) into the importer: records without quotes or
// carriage returns inside (nearly all) are split in place, the others go through the full RFC 4180 reader one by
// one, so a malformed record costs only its own line. `full` is called whenever batch_rows rows are pending.
Status read_records(std::string_view body, std::size_t line, const CsvLayout& layout, const ShopOfRecord& shop_of,
                    Importer& importer, MarketImportReport& report, std::size_t batch_rows,
                    const std::function<Status()>& full) {
    const CsvColumns& cols = layout.cols;
    std::string last_shop_text;  // consecutive rows of one shop ask shop_of once
    Result<std::int64_t> last_shop = fail(ErrorCode::kInvalidArgument, "no shop yet", "shop");
    bool have_last_shop = false;
    auto take = [&](const auto& f, std::size_t at) {
        auto field = [&](const std::optional<std::size_t>& c) -> std::string_view {
            return c ? std::string_view(f[*c]) : std::string_view();
        };
        const std::string_view shop_text = trim(field(cols.shop));
        if (!have_last_shop || shop_text != last_shop_text) {
            last_shop = shop_of(shop_text);
            last_shop_text = std::string(shop_text);
            have_last_shop = true;
        }
        const Result<std::int64_t>& shop = last_shop;
        if (!shop) {
            ++report.rows;
            return add_error(report, MarketRowError{at, "shop", shop.error().message});
        }
        importer.add(*shop,
                     RawFields{field(cols.time), field(cols.designation), field(cols.brand), field(cols.quantity),
                               field(cols.unit_price), field(cols.channel), field(cols.region)},
                     at, report);
    };
    std::vector<std::string_view> fields;
    fields.reserve(layout.n_columns);
    std::size_t pos = 0;
    while (pos < body.size()) {
        // One pass over the line: split at commas, stop at the line end, give up on a quote or an inner '\r'.
        fields.clear();
        const char* const begin = body.data() + pos;
        const char* const stop = body.data() + body.size();
        const char* p = begin;
        const char* field_start = begin;
        bool plain = true;
        for (; p != stop && *p != '\n'; ++p) {
            const char c = *p;
            if (c == ',') {
                fields.emplace_back(field_start, static_cast<std::size_t>(p - field_start));
                field_start = p + 1;
            } else if (c == '"' || (c == '\r' && p + 1 != stop && p[1] != '\n')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            const char* field_end = p;
            if (field_end != field_start && field_end[-1] == '\r') --field_end;
            fields.emplace_back(field_start, static_cast<std::size_t>(field_end - field_start));
            const std::size_t record_line = line;
            const bool empty = fields.size() == 1 && fields[0].empty();
            pos = p == stop ? body.size() : static_cast<std::size_t>(p - body.data()) + 1;
            ++line;
            if (empty) continue;
            if (fields.size() != layout.n_columns) {
                ++report.rows;
                add_error(report, MarketRowError{record_line, fmt::format("line {}", record_line),
                                                 fmt::format("line {}, column {}: expected {} fields as in the header, "
                                                             "found {}",
                                                             record_line, std::min(fields.size(), layout.n_columns) + 1,
                                                             layout.n_columns, fields.size())});
            } else {
                take(fields, record_line);
            }
        } else {
            std::size_t lines = 1;
            const std::size_t end = csv::record_end(body, pos, lines);
            const std::string_view quoted = body.substr(pos, end - pos);
            const std::size_t record_line = line;
            pos = end == body.size() ? end : end + 1;
            line += lines;
            if (trim(quoted).empty()) continue;
            auto single = csv::parse(layout.header_text + std::string(quoted));
            if (!single) {
                ++report.rows;
                add_error(report, MarketRowError{record_line, single.error().field, single.error().message});
                continue;
            }
            for (const auto& row : single->rows) take(row, record_line);
        }
        if (importer.pending() >= batch_rows) {
            if (auto ok = full(); !ok) return ok;
        }
    }
    return {};
}

void merge(MarketImportReport& into, const MarketImportReport& part) {
    into.rows += part.rows;
    into.waiting_review += part.waiting_review;
    for (const MarketRowError& e : part.errors) add_error(into, e);
}

// Large files without quotes are read by two threads, a slice of ~4 MB each, while this thread keys and stores the
// slices in file order; quoted files (a quote may hide a line break) are read in one pass.
constexpr std::size_t kParallelMinBytes = 8u << 20;
constexpr std::size_t kSliceBytes = 4u << 20;
constexpr std::size_t kReaders = 2;

Result<MarketImportReport> import_csv_records(store::MarketStore& store, std::string_view text, bool need_shop,
                                              const ShopOfRecord& shop_of, std::size_t batch_rows) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const std::size_t header_end = text.find('\n');
    const std::string_view header = header_end == std::string_view::npos ? text : text.substr(0, header_end + 1);
    auto head = csv::parse(header);
    if (!head) return tl::unexpected(head.error());
    auto cols = csv_columns(*head);
    if (!cols) return tl::unexpected(cols.error());
    if (need_shop && !cols->shop) {
        return fail(ErrorCode::kInvalidArgument, "line 1: missing column 'shop' in the header", "line 1");
    }
    CsvLayout layout{*cols, head->header.size(), std::string(header)};
    if (layout.header_text.back() != '\n') layout.header_text.push_back('\n');

    auto resolved = Importer::load_resolutions(store);
    if (!resolved) return tl::unexpected(resolved.error());
    MarketImportReport report;
    if (header_end == std::string_view::npos) return report;
    const std::string_view body = text.substr(header_end + 1);
    ShopOccurrences occurrences;

    if (body.size() < kParallelMinBytes || body.find('"') != std::string_view::npos) {
        Importer importer(store, *resolved);
        auto store_pending = [&]() -> Status {
            auto rows = importer.take();
            if (!rows) return tl::unexpected(rows.error());
            return key_and_store(store, occurrences, *rows, report);
        };
        if (auto ok = read_records(body, 2, layout, shop_of, importer, report, batch_rows, store_pending); !ok) {
            return tl::unexpected(ok.error());
        }
        if (auto ok = store_pending(); !ok) return tl::unexpected(ok.error());
        return report;
    }

    struct Slice {
        std::string_view text;
        std::size_t first_line = 0;
    };
    std::vector<Slice> slices;
    for (std::size_t pos = 0, line = 2; pos < body.size();) {
        std::size_t end = std::min(body.size(), pos + kSliceBytes);
        if (end < body.size()) {
            const std::size_t nl = body.find('\n', end);
            end = nl == std::string_view::npos ? body.size() : nl + 1;
        }
        const std::string_view slice = body.substr(pos, end - pos);
        slices.push_back(Slice{slice, line});
        line += static_cast<std::size_t>(std::count(slice.begin(), slice.end(), '\n'));
        pos = end;
    }
    struct Read {
        std::vector<store::MarketRow> rows;
        MarketImportReport report;
        Status status;
    };
    std::mutex shop_mutex;  // shop_of keeps a cache; the readers share it
    const ShopOfRecord shared_shop_of = [&](std::string_view shop) {
        std::lock_guard lock(shop_mutex);
        return shop_of(shop);
    };
    auto read_slice = [&](const Slice& slice, Importer& importer) {
        Read out;
        auto never_full = [] { return Status{}; };
        out.status = read_records(slice.text, slice.first_line, layout, shared_shop_of, importer, out.report, SIZE_MAX,
                                  never_full);
        if (out.status) {
            auto rows = importer.take();
            if (rows) {
                out.rows = std::move(*rows);
            } else {
                out.status = tl::unexpected(rows.error());
            }
        }
        return out;
    };
    // Reader r reads slices r, r + kReaders, ... each into its own future, at most two slices ahead of the store.
    std::vector<std::unique_ptr<Importer>> importers;
    for (std::size_t r = 0; r < kReaders; ++r) importers.push_back(std::make_unique<Importer>(store, *resolved));
    std::vector<std::future<Read>> reads(slices.size());
    auto launch = [&](std::size_t i) {
        if (i < slices.size()) {
            reads[i] =
                std::async(std::launch::async, read_slice, std::cref(slices[i]), std::ref(*importers[i % kReaders]));
        }
    };
    for (std::size_t i = 0; i < kReaders; ++i) launch(i);
    Status failure;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        Read read = reads[i].get();
        // Slice i's importer is free again: start its next slice before storing this one.
        if (failure) launch(i + kReaders);
        if (!failure) continue;
        if (!read.status) {
            failure = read.status;
            continue;
        }
        merge(report, read.report);
        if (auto ok = key_and_store(store, occurrences, read.rows, report); !ok) failure = ok;
    }
    if (!failure) return tl::unexpected(failure.error());
    return report;
}

}  // namespace

Result<MarketImportReport> MarketService::import_csv_for_shop(std::int64_t shop_org_id, std::string_view text) {
    if (auto ok = require_shop_organisation(db_, shop_org_id, "shop_org_id"); !ok) return tl::unexpected(ok.error());
    const std::string shop_text = std::to_string(shop_org_id);
    return import_csv_records(
        db_.market(), text, false,
        [&](std::string_view shop) -> Result<std::int64_t> {
            if (shop.empty() || shop == shop_text) return shop_org_id;
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("row is for shop '{}', the import is for shop {}", shop, shop_org_id), "shop");
        },
        options_.import_batch_rows);
}

Result<MarketImportReport> MarketService::import_csv_market_wide(std::string_view text) {
    StringMap<Result<std::int64_t>> shops;
    return import_csv_records(
        db_.market(), text, true,
        [&](std::string_view shop) -> Result<std::int64_t> {
            if (auto it = shops.find(shop); it != shops.end()) return it->second;
            std::int64_t id = 0;
            auto [end, ec] = std::from_chars(shop.data(), shop.data() + shop.size(), id);
            Result<std::int64_t> answer = id;
            if (shop.empty() || ec != std::errc() || end != shop.data() + shop.size() || id <= 0) {
                answer = fail(ErrorCode::kInvalidArgument,
                              fmt::format("'shop' must be the id of a merchant organisation, got '{}'", shop), "shop");
            } else if (auto shop_ok = require_shop_organisation(db_, id, "shop"); !shop_ok) {
                answer = tl::unexpected(shop_ok.error());
            }
            return shops.emplace(std::string(shop), answer).first->second;
        },
        options_.import_batch_rows);
}

Result<MarketImportReport> MarketService::import_rows_for_shop(std::int64_t shop_org_id,
                                                               const std::vector<RawTransaction>& rows,
                                                               const std::vector<std::size_t>& lines) {
    auto resolved = Importer::load_resolutions(db_.market());
    if (!resolved) return tl::unexpected(resolved.error());
    Importer importer(db_.market(), *resolved);
    ShopOccurrences occurrences;
    MarketImportReport report;
    auto store_pending = [&]() -> Status {
        auto taken = importer.take();
        if (!taken) return tl::unexpected(taken.error());
        return key_and_store(db_.market(), occurrences, *taken, report);
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        importer.add(shop_org_id, fields_of(rows[i]), i < lines.size() ? lines[i] : i, report);
        if (importer.pending() >= options_.import_batch_rows) {
            if (auto ok = store_pending(); !ok) return tl::unexpected(ok.error());
        }
    }
    if (auto ok = store_pending(); !ok) return tl::unexpected(ok.error());
    return report;
}

Result<MarketImportReport> MarketService::import_json(const Principal& who, const json& body) {
    if (auto ok = require_member(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot import", "role");
    auto read = read_json_rows<RawTransaction>(
        body, "transactions", "'transactions' must be an array of rows", "row must be an object",
        [](const json&, std::size_t, RawTransaction& raw, const auto& text) -> std::optional<MarketRowError> {
            text("time", raw.time, false);
            text("designation", raw.designation, false);
            text("brand", raw.brand, false);
            text("quantity", raw.quantity, true);
            text("unit_price", raw.unit_price, false);
            text("channel", raw.channel, false);
            text("region", raw.region, false);
            return std::nullopt;
        });
    if (!read) return tl::unexpected(read.error());
    auto report = import_rows_for_shop(who.org_id, read->rows, read->indexes);
    if (!report) return report;
    return with_refused(std::move(*report), read->refused);
}

Result<json> MarketService::own_transactions(const Principal& who, std::int64_t after_id, std::int64_t limit) {
    if (auto ok = require_member(who); !ok) return tl::unexpected(ok.error());
    limit = std::clamp<std::int64_t>(limit, 1, 1000);
    auto rows = db_.market().list_transactions(who.org_id, INT64_MIN, INT64_MAX, after_id, limit);
    if (!rows) return tl::unexpected(rows.error());
    json list = json::array();
    for (const auto& r : *rows) {
        list.push_back({{"id", r.id},
                        {"time", format_market_time(r.time_ms)},
                        {"designation", r.raw_designation},
                        {"brand", r.raw_brand},
                        {"quantity", r.quantity},
                        {"unit_price", format_yuan(r.unit_price_fen)},
                        {"channel", r.channel},
                        {"region", r.region},
                        {"canonical", r.canonical.empty() ? json(nullptr) : json(r.canonical)},
                        {"bearing_type", r.bearing_type.empty() ? json(nullptr) : json(r.bearing_type)},
                        {"size_class", r.size_class.empty() ? json(nullptr) : json(r.size_class)},
                        {"normalised_brand", r.brand},
                        {"brand_tier", r.brand_tier},
                        {"waiting_review", r.canonical.empty()}});
    }
    auto total = db_.market().count_transactions(who.org_id);
    if (!total) return tl::unexpected(total.error());
    json out = {{"shop_org_id", who.org_id}, {"total", *total}, {"transactions", list}};
    if (!rows->empty() && static_cast<std::int64_t>(rows->size()) == limit) out["next_after_id"] = rows->back().id;
    return out;
}

Result<json> MarketService::review_queue(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    std::optional<std::int64_t> shop;
    if (*kind == OrgKind::kMerchant) {
        shop = who.org_id;
    } else if (*kind != OrgKind::kAssociation && *kind != OrgKind::kAuthority) {
        return fail(ErrorCode::kPermissionDenied, "the review queue is for shops, the association and the authority",
                    "org");
    }
    auto queue = db_.market().review_queue(shop);
    if (!queue) return tl::unexpected(queue.error());
    // Standing offers whose designation waits (no resolution reaches them yet) join the queue under the same key:
    // one resolution serves the sales and the offers written that way.
    auto resolved = db_.market().list_resolutions();
    if (!resolved) return tl::unexpected(resolved.error());
    std::set<std::string, std::less<>> resolved_keys;
    for (const auto& r : *resolved) resolved_keys.insert(r.raw_key);
    store::MarketOfferFilter standing;
    standing.shop_org_id = shop;
    standing.include_withdrawn = false;
    auto offers = db_.market_offers().list_offers(standing);
    if (!offers) return tl::unexpected(offers.error());
    struct WaitingOffers {
        std::string raw;
        std::int64_t offers = 0;
        std::set<std::int64_t> shops;
    };
    std::map<std::string, WaitingOffers, std::less<>> waiting_offers;
    for (const auto& o : *offers) {
        if (!o.canonical.empty() || resolved_keys.contains(o.raw_key)) continue;
        WaitingOffers& w = waiting_offers[o.raw_key];
        if (w.raw.empty()) w.raw = o.raw_designation;
        ++w.offers;
        w.shops.insert(o.shop_org_id);
    }
    json list = json::array();
    auto add_item = [&](const std::string& raw, const std::string& key, std::int64_t rows, std::int64_t shops,
                        std::optional<std::int64_t> first_time_ms) {
        json item = {{"raw", raw}, {"key", key}, {"rows", rows}, {"offers", 0}};
        if (auto it = waiting_offers.find(key); it != waiting_offers.end()) {
            item["offers"] = it->second.offers;
            shops = std::max<std::int64_t>(shops, static_cast<std::int64_t>(it->second.shops.size()));
        }
        if (shop) {
            item["first_time"] = first_time_ms ? json(format_market_time(*first_time_ms)) : json(nullptr);
        } else {
            // Analysts see how widespread a spelling is, never which shop wrote it.
            item["shops_at_least"] = std::min<std::int64_t>(shops, options_.min_shops);
        }
        auto reason = normalise_designation(raw);
        item["reason"] = reason ? "" : reason.error().message;
        list.push_back(std::move(item));
    };
    std::set<std::string, std::less<>> listed;
    for (const auto& e : *queue) {
        add_item(e.raw_designation, e.raw_key, e.rows, e.shops, e.first_time_ms);
        listed.insert(e.raw_key);
    }
    for (const auto& [key, w] : waiting_offers) {
        if (!listed.contains(key)) add_item(w.raw, key, 0, static_cast<std::int64_t>(w.shops.size()), std::nullopt);
    }
    return json{{"scope", shop ? "own" : "market"}, {"queue", list}};
}

Result<json> MarketService::resolve(const Principal& who, std::string_view raw, std::string_view canonical_text) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    const std::string key = fold_raw_designation(raw);
    if (key.empty()) return fail(ErrorCode::kInvalidArgument, "'raw' is empty", "raw");
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot resolve", "role");
    if (*kind == OrgKind::kMerchant) {
        auto own = review_queue(who);  // the shop's waiting sales and standing offers
        if (!own) return tl::unexpected(own.error());
        const json& items = own->at("queue");
        const bool mine = std::any_of(items.begin(), items.end(), [&](const json& e) { return e.at("key") == key; });
        if (!mine) {
            return fail(ErrorCode::kNotFound, fmt::format("'{}' is not waiting in your review queue", raw), "raw");
        }
    } else if (*kind != OrgKind::kAssociation && *kind != OrgKind::kAuthority) {
        return fail(ErrorCode::kPermissionDenied, "only shops, the association and the authority resolve designations",
                    "org");
    }
    auto n = normalise_designation(canonical_text);
    if (!n) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'canonical' is not a catalogue bearing: {}", n.error().message), "canonical");
    }
    store::DesignationResolution r{key,         n->canonical,         n->bearing_type, n->size_class,
                                   who.user_id, format_utc(clock_()), n->series};
    auto changed = db_.market().resolve(r);
    if (!changed) return tl::unexpected(changed.error());
    return json{{"raw", std::string(raw)},     {"key", key},
                {"canonical", n->canonical},   {"bearing_type", n->bearing_type},
                {"size_class", n->size_class}, {"rows_renormalised", *changed}};
}

// ---------------------------------------------------------------------------------------------------------------
// Analytics: the normalised rows of a period range as columns, dictionary-encoded.
// ---------------------------------------------------------------------------------------------------------------

namespace {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Dict {
  public:
    std::uint32_t id(std::string_view s) {
        auto it = ids_.find(s);
        if (it != ids_.end()) return it->second;
        const auto id = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(s);
        ids_.emplace(names_.back(), id);
        return id;
    }
    const std::string& name(std::uint32_t id) const { return names_[id]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }

  private:
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
    std::vector<std::string> names_;
};

constexpr std::string_view kTiers[] = {"international", "chinese_top", "domestic", "unbranded"};

std::uint32_t tier_id(std::string_view t) {
    for (std::uint32_t i = 0; i < 4; ++i) {
        if (kTiers[i] == t) return i;
    }
    return 3;
}

struct MarketData {
    market::PeriodKey first = 0;
    market::PeriodKey last = 0;
    std::vector<market::PeriodKey> period;
    std::vector<std::uint32_t> item, shop, region, channel;
    std::vector<std::int64_t> quantity, price, time_ms;
    // Monthly cells instead of rows (load_cells): each entry sums one shop's sales of a month; price and time_ms
    // are empty, value and transactions hold the sums.
    bool cells = false;
    std::vector<std::int64_t> value, transactions;
    [[nodiscard]] std::uint64_t n_transactions() const {
        if (!cells) return item.size();
        std::uint64_t n = 0;
        for (std::int64_t t : transactions) n += static_cast<std::uint64_t>(t);
        return n;
    }
    Dict canonical, type, size, series, regions, channels;
    std::vector<std::uint32_t> item_canonical, item_tier, item_type, item_size, item_series;
    std::vector<std::int64_t> shop_org;
    std::uint32_t n_items() const { return static_cast<std::uint32_t>(item_canonical.size()); }
    std::uint32_t n_shops() const { return static_cast<std::uint32_t>(shop_org.size()); }
};

struct Range {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
    market::PeriodKey first = 0;
    market::PeriodKey last = 0;
};

Result<Range> range_of(Period from, Period to, Frequency f) {
    auto a = market::month_key(from.year, from.month);
    if (!a) return tl::unexpected(a.error());
    auto b = market::month_key(to.year, to.month);
    if (!b) return tl::unexpected(b.error());
    if (*b < *a) return fail(ErrorCode::kInvalidArgument, "'to' is before 'from'", "to");
    if (*b - *a > 120) return fail(ErrorCode::kInvalidArgument, "at most 10 years at a time", "to");
    const market::YearMonth after = market::month_of_key(*b + 1);
    const std::int64_t from_day = market::days_from_civil(from.year, from.month, 1);
    const std::int64_t to_day = market::days_from_civil(after.year, after.month, 1);  // exclusive
    Range r;
    if (f == Frequency::kMonth) {
        r = Range{from_day * kDayMs, to_day * kDayMs, *a, *b};
    } else {
        // ISO weeks: week key k covers the days 7k - 3 .. 7k + 3 (the week of 1970-01-01 starts on Monday
        // 1969-12-29); the range covers whole weeks from the one holding the first day of `from` to the one
        // holding the last day of `to`.
        const auto first = static_cast<market::PeriodKey>(floor_div(from_day + 3, 7));
        const auto last = static_cast<market::PeriodKey>(floor_div(to_day - 1 + 3, 7));
        r = Range{(7LL * first - 3) * kDayMs, (7LL * (last + 1) - 3) * kDayMs, first, last};
    }
    return r;
}

market::PeriodKey period_of(std::int64_t time_ms, Frequency f) {
    const std::int64_t days = floor_div(time_ms, kDayMs);
    if (f == Frequency::kWeek) return static_cast<market::PeriodKey>(floor_div(days + 3, 7));
    const Civil c = civil_from_days(days);
    return static_cast<market::PeriodKey>(c.year * 12 + c.month - 1);
}

std::string period_label(market::PeriodKey key, Frequency f) {
    if (f == Frequency::kWeek) {
        const market::IsoWeek w = market::iso_week_of_key(key);
        return fmt::format("{:04}-W{:02}", w.year, w.week);
    }
    const market::YearMonth m = market::month_of_key(key);
    return fmt::format("{:04}-{:02}", m.year, m.month);
}

// Maps the store's dictionary ids of rows or cells to the ids of a MarketData: items (canonical bearing x brand
// tier, with type, size class and series), shops, regions and channels. Shared by the row and the cell loaders.
class IdMapper {
  public:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    explicit IdMapper(MarketData& d) : d_(d) {}

    void set_dictionaries(const store::MarketDictionaries& dict) {
        const std::size_t nd = dict.designations.size();
        canonical_of_.assign(nd, kNone);
        type_of_.assign(nd, 0);
        size_of_.assign(nd, 0);
        series_of_.assign(nd, 0);
        for (const store::MarketDesignation& e : dict.designations) {
            if (e.id == 0 || e.canonical.empty()) continue;
            canonical_of_[e.id] = d_.canonical.id(e.canonical);
            type_of_[e.id] = d_.type.id(e.bearing_type);
            size_of_[e.id] = d_.size.id(e.size_class);
            // Designations without a series code (inch cone/cup sets) are grouped under their type.
            series_of_[e.id] =
                d_.series.id(e.series.empty() ? std::string_view(e.bearing_type) : std::string_view(e.series));
        }
        tier_of_.assign(dict.brands.size(), 3);
        for (const store::MarketBrand& b : dict.brands) {
            if (b.id != 0) tier_of_[b.id] = tier_id(b.tier);
        }
        region_names_ = dict.regions;
        region_of_.assign(region_names_.size(), kNone);
    }

    std::uint32_t shop(std::int64_t shop_org_id) {
        auto [it, fresh] = shop_ids_.emplace(shop_org_id, static_cast<std::uint32_t>(d_.shop_org.size()));
        if (fresh) d_.shop_org.push_back(shop_org_id);
        return it->second;
    }

    // Item id of a designation sold under a brand, or kNone while the designation waits for review.
    std::uint32_t item(std::uint32_t designation, std::uint32_t brand) {
        const std::uint32_t cid = designation < canonical_of_.size() ? canonical_of_[designation] : kNone;
        if (cid == kNone) return kNone;
        const std::uint32_t tid = brand < tier_of_.size() ? tier_of_[brand] : 3;
        const std::size_t slot = static_cast<std::size_t>(cid) * 4 + tid;
        if (slot >= item_of_.size()) item_of_.resize(slot + 64, 0);
        if (item_of_[slot] == 0) {
            d_.item_canonical.push_back(cid);
            d_.item_tier.push_back(tid);
            d_.item_type.push_back(type_of_[designation]);
            d_.item_size.push_back(size_of_[designation]);
            d_.item_series.push_back(series_of_[designation]);
            item_of_[slot] = static_cast<std::uint32_t>(d_.item_canonical.size());
        }
        return item_of_[slot] - 1;
    }

    std::uint32_t region(std::uint32_t id) {
        if (id >= region_of_.size()) region_of_.resize(id + 1, kNone);
        if (region_of_[id] == kNone) {
            region_of_[id] = d_.regions.id(id < region_names_.size() ? std::string_view(region_names_[id]) : "");
        }
        return region_of_[id];
    }

    std::uint32_t channel(std::uint8_t code) {
        const std::uint8_t ch = code < 3 ? code : 0;
        if (channel_of_[ch] == kNone) channel_of_[ch] = d_.channels.id(store::market_channel_name(ch));
        return channel_of_[ch];
    }

  private:
    MarketData& d_;
    std::vector<std::uint32_t> canonical_of_, type_of_, size_of_, series_of_, tier_of_, region_of_;
    std::vector<std::string> region_names_;  // copies: the store's dictionaries live only during the scan
    std::uint32_t channel_of_[3] = {kNone, kNone, kNone};
    std::vector<std::uint32_t> item_of_;  // canonical id * 4 + tier -> item id + 1 (0 = none yet)
    std::unordered_map<std::int64_t, std::uint32_t> shop_ids_;
};

Result<MarketData> load(store::MarketStore& store, const Range& range, Frequency f,
                        std::optional<std::int64_t> shop = std::nullopt) {
    MarketData d;
    d.first = range.first;
    d.last = range.last;
    IdMapper ids(d);
    // Period of each day of the range (at most ten years and two weeks), instead of a calendar conversion a row.
    const std::int64_t first_day = floor_div(range.from_ms, kDayMs);
    std::vector<market::PeriodKey> period_of_day(
        static_cast<std::size_t>(floor_div(range.to_ms - 1, kDayMs) - first_day + 1));
    for (std::size_t k = 0; k < period_of_day.size(); ++k) {
        period_of_day[k] = period_of((first_day + static_cast<std::int64_t>(k)) * kDayMs, f);
    }
    auto on_dictionaries = [&](const store::MarketDictionaries& dict, std::int64_t rows_at_most) {
        const auto n = static_cast<std::size_t>(std::max<std::int64_t>(rows_at_most, 0));
        for (auto* v : {&d.item, &d.shop, &d.region, &d.channel}) v->reserve(n);
        for (auto* v : {&d.quantity, &d.price, &d.time_ms}) v->reserve(n);
        d.period.reserve(n);
        ids.set_dictionaries(dict);
    };
    auto on_rows = [&](std::int64_t shop_org_id, const store::MarketColumns& c) {
        const std::uint32_t shop_id = ids.shop(shop_org_id);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::uint32_t item = ids.item(c.designation[i], c.brand[i]);
            if (item == IdMapper::kNone) continue;  // waiting for review: in no aggregate
            d.period.push_back(period_of_day[static_cast<std::size_t>(floor_div(c.time_ms[i], kDayMs) - first_day)]);
            d.item.push_back(item);
            d.shop.push_back(shop_id);
            d.region.push_back(ids.region(c.region[i]));
            d.channel.push_back(ids.channel(c.channel[i]));
            d.quantity.push_back(c.quantity[i]);
            d.price.push_back(c.unit_price_fen[i]);
            d.time_ms.push_back(c.time_ms[i]);
        }
    };
    auto ok = store.scan(store::MarketScanFilter{range.from_ms, range.to_ms, shop}, on_dictionaries, on_rows);
    if (!ok) return tl::unexpected(ok.error());
    return d;
}

// The monthly cells of a month range (store::MarketStore::scan_cells) in the shape of MarketData: each entry one
// shop's sales of one month under one designation, brand, region and channel, with summed quantity and value.
Result<MarketData> load_cells(store::MarketStore& store, const Range& range) {
    MarketData d;
    d.first = range.first;
    d.last = range.last;
    d.cells = true;
    IdMapper ids(d);
    auto on_dictionaries = [&](const store::MarketDictionaries& dict, std::int64_t cells_at_most) {
        const auto n = static_cast<std::size_t>(std::max<std::int64_t>(cells_at_most, 0));
        for (auto* v : {&d.item, &d.shop, &d.region, &d.channel}) v->reserve(n);
        for (auto* v : {&d.quantity, &d.value, &d.transactions}) v->reserve(n);
        d.period.reserve(n);
        ids.set_dictionaries(dict);
    };
    auto on_cells = [&](std::int64_t shop_org_id, const store::MarketCells& c) {
        const std::uint32_t shop_id = ids.shop(shop_org_id);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::uint32_t item = ids.item(c.designation[i], c.brand[i]);
            if (item == IdMapper::kNone) continue;  // waiting for review: in no aggregate
            d.period.push_back(c.month[i]);
            d.item.push_back(item);
            d.shop.push_back(shop_id);
            d.region.push_back(ids.region(c.region[i]));
            d.channel.push_back(ids.channel(c.channel[i]));
            d.quantity.push_back(c.quantity[i]);
            d.value.push_back(c.value_fen[i]);
            d.transactions.push_back(c.transactions[i]);
        }
    };
    auto ok =
        store.scan_cells(store::MarketCellFilter{range.first, range.last, std::nullopt}, on_dictionaries, on_cells);
    if (!ok) return tl::unexpected(ok.error());
    return d;
}

}  // namespace

struct MarketService::Cache {
    std::mutex mutex;
    std::string version;
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
    Frequency frequency = Frequency::kMonth;
    std::shared_ptr<const MarketData> data;
    // The monthly cells of the last month range read, with the store version they were read at.
    std::string cells_version;
    market::PeriodKey cells_first = 0;
    market::PeriodKey cells_last = -1;
    std::shared_ptr<const MarketData> cells;
};

namespace {

// The rows of the range from the cache when the store has not changed since they were read (no new row, no
// resolution: MarketStore::version), else from the store. Concurrent readers share one immutable copy.
Result<std::shared_ptr<const MarketData>> cached_load(MarketService::Cache& cache, store::MarketStore& store,
                                                      const Range& range, Frequency f) {
    auto version = store.version();
    if (!version) return tl::unexpected(version.error());
    std::lock_guard lock(cache.mutex);
    if (cache.data && cache.version == *version && cache.from_ms == range.from_ms && cache.to_ms == range.to_ms &&
        cache.frequency == f) {
        return cache.data;
    }
    auto loaded = load(store, range, f);
    if (!loaded) return tl::unexpected(loaded.error());
    cache.data = std::make_shared<const MarketData>(std::move(*loaded));
    cache.version = *version;
    cache.from_ms = range.from_ms;
    cache.to_ms = range.to_ms;
    cache.frequency = f;
    return cache.data;
}

// A range's rows, read once per store version and shared by every statistic over that range.
struct RangeData {
    Range range;
    std::shared_ptr<const MarketData> data;
};

Result<RangeData> load_range(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                             Frequency f) {
    auto range = range_of(from, to, f);
    if (!range) return tl::unexpected(range.error());
    auto data = cached_load(cache, store, *range, f);
    if (!data) return tl::unexpected(data.error());
    return RangeData{*range, std::move(*data)};
}

// Monthly statistics over whole months read the monthly cells (several times fewer than the rows); weekly ones the
// rows. Cached like the rows, per store version.
Result<RangeData> load_aggregable(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                                  Frequency f) {
    if (f != Frequency::kMonth) return load_range(cache, store, from, to, f);
    auto range = range_of(from, to, f);
    if (!range) return tl::unexpected(range.error());
    auto version = store.version();
    if (!version) return tl::unexpected(version.error());
    std::lock_guard lock(cache.mutex);
    if (!cache.cells || cache.cells_version != *version || cache.cells_first != range->first ||
        cache.cells_last != range->last) {
        auto loaded = load_cells(store, *range);
        if (!loaded) return tl::unexpected(loaded.error());
        cache.cells = std::make_shared<const MarketData>(std::move(*loaded));
        cache.cells_version = *version;
        cache.cells_first = range->first;
        cache.cells_last = range->last;
    }
    return RangeData{*range, cache.cells};
}

// Group of a row under a dimension, and the group's name.
struct Groups {
    std::vector<std::uint32_t> of_row;
    std::vector<std::string> names;
};

Groups groups_of(const MarketData& d, Dimension by) {
    Groups g;
    g.of_row.resize(d.item.size());
    auto from_items = [&](const std::vector<std::uint32_t>& of_item, auto name, std::uint32_t n) {
        for (std::size_t i = 0; i < d.item.size(); ++i) g.of_row[i] = of_item[d.item[i]];
        for (std::uint32_t k = 0; k < n; ++k) g.names.push_back(name(k));
    };
    switch (by) {
        case Dimension::kType:
            from_items(
                d.item_type, [&](std::uint32_t k) { return d.type.name(k); }, d.type.size());
            break;
        case Dimension::kSize:
            from_items(
                d.item_size, [&](std::uint32_t k) { return d.size.name(k); }, d.size.size());
            break;
        case Dimension::kTier:
            from_items(
                d.item_tier, [&](std::uint32_t k) { return std::string(kTiers[k]); }, 4);
            break;
        case Dimension::kSeries:
            from_items(
                d.item_series, [&](std::uint32_t k) { return d.series.name(k); }, d.series.size());
            break;
        case Dimension::kRegion:
            g.of_row = d.region;
            for (std::uint32_t k = 0; k < d.regions.size(); ++k) g.names.push_back(d.regions.name(k));
            break;
        case Dimension::kChannel:
            g.of_row = d.channel;
            for (std::uint32_t k = 0; k < d.channels.size(); ++k) g.names.push_back(d.channels.name(k));
            break;
        case Dimension::kAll:
            std::fill(g.of_row.begin(), g.of_row.end(), 0);
            g.names.push_back("all");
            break;
    }
    return g;
}

std::string_view dimension_name(Dimension d) {
    switch (d) {
        case Dimension::kType:
            return "type";
        case Dimension::kTier:
            return "tier";
        case Dimension::kSize:
            return "size";
        case Dimension::kRegion:
            return "region";
        case Dimension::kChannel:
            return "channel";
        case Dimension::kSeries:
            return "series";
        case Dimension::kAll:
            return "all";
    }
    return "all";
}

std::string month_label(Period p) { return fmt::format("{:04}-{:02}", p.year, p.month); }

// Shop counts (capped at min_shops) per key, through the same aggregator as the published turnover.
Result<std::unordered_map<std::uint64_t, market::TurnoverCell>> cells_by_key(std::uint32_t min_shops,
                                                                             const std::vector<std::uint64_t>& keys,
                                                                             const MarketData& d) {
    auto agg = market::TurnoverAggregator::create(min_shops);
    if (!agg) return tl::unexpected(agg.error());
    auto ok = d.cells ? agg->add_cells(keys, d.shop, d.quantity, d.value, d.transactions)
                      : agg->add(keys, d.shop, d.quantity, d.price);
    if (!ok) return tl::unexpected(ok.error());
    std::unordered_map<std::uint64_t, market::TurnoverCell> out;
    for (const auto& c : agg->cells()) out.emplace(c.key, c);
    return out;
}

}  // namespace

Result<json> MarketService::price_index(const Principal& who, const IndexQuery& query) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return price_index(query);
}

Result<json> MarketService::price_index(const IndexQuery& q) {
    if (q.by != Dimension::kType && q.by != Dimension::kTier && q.by != Dimension::kSize && q.by != Dimension::kAll) {
        return fail(ErrorCode::kInvalidArgument, "sub-indices are by type, tier or size", "by");
    }
    auto loaded = load_aggregable(*cache_, db_.market(), q.from, q.to, q.frequency);
    if (!loaded) return tl::unexpected(loaded.error());
    const Range* range = &loaded->range;
    const MarketData& d = *loaded->data;
    const Groups groups = groups_of(d, q.by);
    std::vector<std::uint32_t> group_of_item(d.n_items(), 0);
    for (std::size_t i = 0; i < d.item.size(); ++i) group_of_item[d.item[i]] = groups.of_row[i];

    market::IndexRequest request;
    request.first_period = range->first;
    request.last_period = range->last;
    request.n_items = d.n_items();
    request.method = q.geks ? market::IndexMethod::kGeks : market::IndexMethod::kChained;
    request.geks_window = std::min<int>(q.geks_window, range->last - range->first + 1);
    request.groupings.push_back(market::Grouping{group_of_item, static_cast<std::uint32_t>(groups.names.size())});
    json out = {{"from", month_label(q.from)},
                {"to", month_label(q.to)},
                {"frequency", q.frequency == Frequency::kMonth ? "month" : "week"},
                {"method", q.geks ? "geks" : "chain"},
                {"formula", "jevons-tornqvist"},
                {"by", dimension_name(q.by)},
                {"base_period", period_label(range->first, q.frequency)},
                {"base", 100.0},
                {"min_shops", options_.min_shops},
                {"transactions", d.n_transactions()}};
    if (q.geks) out["geks_window"] = request.geks_window;

    // Disclosure: shops per (slot, period), slot 0 = all items and 1 + g = group g, counted while the index is
    // computed (the two read the same immutable columns).
    const auto n_periods = static_cast<std::uint32_t>(range->last - range->first + 1);
    const auto n_slots = static_cast<std::uint32_t>(1 + groups.names.size());
    auto disclosure = std::async(std::launch::async, [&]() -> Result<std::vector<std::uint32_t>> {
        std::vector<std::uint32_t> cell(2 * d.item.size());
        std::vector<std::uint32_t> shop(2 * d.item.size());
        for (std::size_t i = 0; i < d.item.size(); ++i) {
            const auto t = static_cast<std::uint32_t>(d.period[i] - range->first);
            cell[2 * i] = t;
            cell[2 * i + 1] = (1 + groups.of_row[i]) * n_periods + t;
            shop[2 * i] = shop[2 * i + 1] = d.shop[i];
        }
        return market::distinct_shops_capped(cell, shop, n_slots * n_periods, options_.min_shops);
    });
    Result<market::IndexResult> result = fail(ErrorCode::kNotFound, "no transactions", "range");
    if (!d.item.empty()) {
        result = market::compute_price_index(
            market::TransactionColumns{d.period, d.item, d.shop, d.quantity, d.price, d.value}, request);
    }
    auto shop_counts = disclosure.get();
    if (!shop_counts) return tl::unexpected(shop_counts.error());
    const auto shops_in = [&](std::uint32_t slot, std::int32_t t) -> std::uint32_t {
        return (*shop_counts)[static_cast<std::size_t>(slot) * n_periods + static_cast<std::uint32_t>(t)];
    };
    const auto series_json = [&](const market::IndexSeries& s, std::uint32_t slot) {
        json points = json::array();
        for (const auto& p : s.points) {
            const std::int32_t t = p.period - range->first;
            const bool suppressed =
                shops_in(slot, t) < options_.min_shops || (t > 0 && shops_in(slot, t - 1) < options_.min_shops);
            json point = {{"period", period_label(p.period, q.frequency)}, {"suppressed", suppressed}};
            if (suppressed) {
                point["value"] = nullptr;
            } else {
                point["value"] = std::round(p.value * 1e4) / 1e4;
                point["matched_items"] = p.matched_items;
                point["new_items"] = p.new_items;
                point["vanished_items"] = p.vanished_items;
                point["carried_forward"] = p.carried_forward;
            }
            points.push_back(std::move(point));
        }
        return points;
    };
    if (d.item.empty()) {
        out["all_items"] = {{"points", json::array()}};
        out["sub_indices"] = json::array();
        return out;
    }
    if (!result) return tl::unexpected(result.error());
    out["all_items"] = {{"points", series_json(result->all_items, 0)}};
    json subs = json::array();
    for (std::size_t g = 0; g < groups.names.size(); ++g) {
        subs.push_back({{"group", groups.names[g]},
                        {"points", series_json(result->by_grouping[0][g], 1 + static_cast<std::uint32_t>(g))}});
    }
    out["sub_indices"] = std::move(subs);
    return out;
}

Result<json> MarketService::turnover(const Principal& who, const AggregateQuery& query) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return turnover(query);
}

Result<json> MarketService::turnover(const AggregateQuery& q) {
    auto loaded = load_aggregable(*cache_, db_.market(), q.from, q.to, q.frequency);
    if (!loaded) return tl::unexpected(loaded.error());
    const Range* range = &loaded->range;
    const MarketData& d = *loaded->data;
    const Groups groups = groups_of(d, q.by);
    std::vector<std::uint64_t> keys(d.item.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        const auto t = q.by_period ? static_cast<std::uint32_t>(d.period[i] - range->first) : 0U;
        keys[i] = market::make_key(groups.of_row[i], t);
    }
    // Two halves on two threads, merged (the aggregator of the parts merges into the aggregator of the whole).
    auto aggregate = [&](std::size_t from, std::size_t to) -> Result<market::TurnoverAggregator> {
        auto part = market::TurnoverAggregator::create(options_.min_shops);
        if (!part) return part;
        const std::size_t n = to - from;
        auto ok = d.cells ? part->add_cells(std::span(keys).subspan(from, n), std::span(d.shop).subspan(from, n),
                                            std::span(d.quantity).subspan(from, n), std::span(d.value).subspan(from, n),
                                            std::span(d.transactions).subspan(from, n))
                          : part->add(std::span(keys).subspan(from, n), std::span(d.shop).subspan(from, n),
                                      std::span(d.quantity).subspan(from, n), std::span(d.price).subspan(from, n));
        if (!ok) return tl::unexpected(ok.error());
        return part;
    };
    const std::size_t half = keys.size() / 2;
    auto second = std::async(std::launch::async, aggregate, half, keys.size());
    auto agg = aggregate(0, half);
    auto rest = second.get();
    if (!agg) return tl::unexpected(agg.error());
    if (!rest) return tl::unexpected(rest.error());
    agg->merge(*rest);
    json cells = json::array();
    for (const auto& c : agg->cells()) {
        json cell = {{"group", groups.names[market::key_high(c.key)]}, {"suppressed", c.suppressed}};
        if (q.by_period) {
            cell["period"] =
                period_label(range->first + static_cast<std::int32_t>(market::key_low(c.key)), q.frequency);
        }
        if (c.suppressed) {
            cell["turnover"] = nullptr;
            cell["quantity"] = nullptr;
            cell["transactions"] = nullptr;
        } else {
            cell["turnover"] = format_yuan(c.value_fen);
            cell["quantity"] = c.quantity;
            cell["transactions"] = c.transactions;
            cell["shops_at_least"] = c.shops_at_least;
        }
        cells.push_back(std::move(cell));
    }
    return json{{"from", month_label(q.from)},
                {"to", month_label(q.to)},
                {"by", dimension_name(q.by)},
                {"frequency", q.by_period ? (q.frequency == Frequency::kMonth ? "month" : "week") : "total"},
                {"min_shops", options_.min_shops},
                {"cells", cells}};
}

Result<json> MarketService::top_models(const Principal& who, Period from, Period to, std::size_t limit) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    auto loaded = load_aggregable(*cache_, db_.market(), from, to, Frequency::kMonth);
    if (!loaded) return tl::unexpected(loaded.error());
    const Range* range = &loaded->range;
    const MarketData& d = *loaded->data;
    const std::int32_t n_periods = range->last - range->first + 1;
    const std::int32_t mid = n_periods / 2;  // first half [0, mid), second half [mid, n)
    // Keys: (canonical, 0) whole range, (canonical, 1) first half, (canonical, 2) second half.
    std::vector<std::uint64_t> keys;
    MarketData rows;  // each entry of d twice: under the whole range and under its half
    rows.cells = d.cells;
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        const std::uint32_t c = d.item_canonical[d.item[i]];
        const std::int32_t t = d.period[i] - range->first;
        for (std::uint32_t part : {0U, t < mid ? 1U : 2U}) {
            keys.push_back(market::make_key(c, part));
            rows.shop.push_back(d.shop[i]);
            rows.quantity.push_back(d.quantity[i]);
            if (d.cells) {
                rows.value.push_back(d.value[i]);
                rows.transactions.push_back(d.transactions[i]);
            } else {
                rows.price.push_back(d.price[i]);
            }
        }
    }
    auto cells = cells_by_key(options_.min_shops, keys, rows);
    if (!cells) return tl::unexpected(cells.error());
    struct Model {
        std::uint32_t c;
        market::TurnoverCell all, first, second;
    };
    std::vector<Model> models;
    std::size_t suppressed = 0;
    for (std::uint32_t c = 0; c < d.canonical.size(); ++c) {
        auto get = [&](std::uint32_t part) {
            auto it = cells->find(market::make_key(c, part));
            market::TurnoverCell empty;
            empty.suppressed = true;
            return it == cells->end() ? empty : it->second;
        };
        Model m{c, get(0), get(1), get(2)};
        if (m.all.suppressed) {
            ++suppressed;
            continue;
        }
        models.push_back(m);
    }
    auto model_json = [&](const Model& m) {
        return json{{"canonical", d.canonical.name(m.c)},
                    {"turnover", format_yuan(m.all.value_fen)},
                    {"quantity", m.all.quantity},
                    {"shops_at_least", m.all.shops_at_least}};
    };
    std::sort(models.begin(), models.end(), [](const Model& a, const Model& b) {
        return a.all.value_fen != b.all.value_fen ? a.all.value_fen > b.all.value_fen : a.c < b.c;
    });
    json top = json::array();
    for (std::size_t i = 0; i < std::min(limit, models.size()); ++i) top.push_back(model_json(models[i]));
    // Fastest-moving: volume growth from the first to the second half of the range, both halves published.
    std::vector<std::pair<double, const Model*>> growth;
    json fresh = json::array();
    for (const Model& m : models) {
        if (!m.first.suppressed && !m.second.suppressed && m.first.quantity > 0) {
            growth.emplace_back(static_cast<double>(m.second.quantity) / static_cast<double>(m.first.quantity) - 1.0,
                                &m);
        }
        if (m.first.transactions == 0 && m.first.shops_at_least == 0 && !m.second.suppressed && fresh.size() < limit) {
            fresh.push_back(model_json(m));
        }
    }
    std::sort(growth.begin(), growth.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second->c < b.second->c;
    });
    json fastest = json::array();
    for (std::size_t i = 0; i < std::min(limit, growth.size()); ++i) {
        json m = model_json(*growth[i].second);
        m["quantity_first_half"] = growth[i].second->first.quantity;
        m["quantity_second_half"] = growth[i].second->second.quantity;
        m["growth"] = std::round(growth[i].first * 1e4) / 1e4;
        fastest.push_back(std::move(m));
    }
    return json{{"from", month_label(from)},
                {"to", month_label(to)},
                {"halves",
                 {period_label(range->first, Frequency::kMonth), period_label(range->first + mid, Frequency::kMonth)}},
                {"min_shops", options_.min_shops},
                {"models_suppressed", suppressed},
                {"top_by_turnover", top},
                {"fastest_moving", fastest},
                {"new_models", fresh}};
}

Result<json> MarketService::dispersion(const Principal& who, Period from, Period to, std::size_t limit) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    auto loaded = load_range(*cache_, db_.market(), from, to, Frequency::kMonth);
    if (!loaded) return tl::unexpected(loaded.error());
    const MarketData& d = *loaded->data;
    std::vector<std::uint64_t> keys(d.item.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) keys[i] = d.item[i];
    auto cells = cells_by_key(options_.min_shops, keys, d);
    if (!cells) return tl::unexpected(cells.error());
    auto disp = market::dispersion_by_item(d.item, d.price, d.n_items(), 2);
    if (!disp) return tl::unexpected(disp.error());
    std::vector<const market::ItemDispersion*> shown;
    std::size_t suppressed = 0;
    for (const auto& x : *disp) {
        auto it = cells->find(x.item);
        if (it == cells->end() || it->second.suppressed) {
            ++suppressed;
            continue;
        }
        shown.push_back(&x);
    }
    std::sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
        return a->dispersion.n != b->dispersion.n ? a->dispersion.n > b->dispersion.n : a->item < b->item;
    });
    json list = json::array();
    for (std::size_t i = 0; i < std::min(limit, shown.size()); ++i) {
        const auto& x = *shown[i];
        const auto& s = x.dispersion;
        auto yuan = [](double fen) { return format_yuan(static_cast<std::int64_t>(std::llround(fen))); };
        list.push_back({{"canonical", d.canonical.name(d.item_canonical[x.item])},
                        {"brand_tier", kTiers[d.item_tier[x.item]]},
                        {"transactions", s.n},
                        {"mean", yuan(s.mean)},
                        {"q1", yuan(s.q1)},
                        {"median", yuan(s.median)},
                        {"q3", yuan(s.q3)},
                        {"cv", std::round(s.cv * 1e4) / 1e4},
                        {"iqr_over_median", std::round(s.iqr_over_median * 1e4) / 1e4}});
    }
    return json{{"from", month_label(from)},
                {"to", month_label(to)},
                {"min_shops", options_.min_shops},
                {"items_suppressed", suppressed},
                {"items", list}};
}

Result<json> MarketService::forecast(const Principal& who, Period from, Period to, int horizon, int holdout) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (horizon < 1 || horizon > 24) return fail(ErrorCode::kInvalidArgument, "'horizon' must be 1..24", "horizon");
    if (holdout < 1 || holdout > 12) return fail(ErrorCode::kInvalidArgument, "'holdout' must be 1..12", "holdout");
    auto range = range_of(from, to, Frequency::kMonth);
    if (!range) return tl::unexpected(range.error());
    const int n = range->last - range->first + 1;
    constexpr int kSeason = 12;
    if (n < 2 * kSeason + holdout) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("a monthly Holt-Winters forecast needs at least {} months (two seasons of 12 plus "
                                "the {} held out), the range has {}",
                                2 * kSeason + holdout, holdout, n),
                    "from");
    }
    auto loaded = load_aggregable(*cache_, db_.market(), from, to, Frequency::kMonth);
    if (!loaded) return tl::unexpected(loaded.error());
    const MarketData& d = *loaded->data;
    const Groups groups = groups_of(d, Dimension::kType);
    std::vector<std::uint64_t> keys(d.item.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        keys[i] = market::make_key(groups.of_row[i], static_cast<std::uint32_t>(d.period[i] - range->first));
    }
    auto cells = cells_by_key(options_.min_shops, keys, d);
    if (!cells) return tl::unexpected(cells.error());
    json types = json::array();
    for (std::uint32_t g = 0; g < groups.names.size(); ++g) {
        std::vector<double> y(static_cast<std::size_t>(n), 0.0);
        bool suppressed = false;
        for (int t = 0; t < n; ++t) {
            auto it = cells->find(market::make_key(g, static_cast<std::uint32_t>(t)));
            if (it == cells->end() || it->second.suppressed) {
                suppressed = true;
                break;
            }
            y[static_cast<std::size_t>(t)] = static_cast<double>(it->second.quantity);
        }
        json entry = {{"type", groups.names[g]}, {"suppressed", suppressed}};
        if (suppressed) {
            entry["forecast"] = nullptr;
            types.push_back(std::move(entry));
            continue;
        }
        auto held = market::holt_winters_holdout(y, kSeason, market::Seasonality::kMultiplicative, holdout);
        auto fit = market::holt_winters_fit(y, kSeason, market::Seasonality::kMultiplicative);
        if (!held || !fit) {
            entry["forecast"] = nullptr;
            entry["error"] = (!held ? held.error() : fit.error()).message;
            types.push_back(std::move(entry));
            continue;
        }
        json f = json::array();
        const auto ahead = market::holt_winters_forecast(*fit, horizon);
        for (int h = 0; h < horizon; ++h) {
            f.push_back({{"period", period_label(range->last + 1 + h, Frequency::kMonth)},
                         {"quantity", std::round(ahead[static_cast<std::size_t>(h)])}});
        }
        json history = json::array();
        for (int t = 0; t < n; ++t) {
            history.push_back({{"period", period_label(range->first + t, Frequency::kMonth)},
                               {"quantity", y[static_cast<std::size_t>(t)]}});
        }
        entry["history"] = std::move(history);
        entry["forecast"] = std::move(f);
        entry["params"] = {{"alpha", fit->params.alpha}, {"beta", fit->params.beta}, {"gamma", fit->params.gamma}};
        entry["holdout"] = {{"months", holdout},
                            {"mape_percent", std::round(held->error.mape * 100) / 100},
                            {"rmse", std::round(held->error.rmse * 100) / 100}};
        types.push_back(std::move(entry));
    }
    return json{{"from", month_label(from)},
                {"to", month_label(to)},
                {"model", "holt-winters multiplicative, season 12 months"},
                {"horizon", horizon},
                {"min_shops", options_.min_shops},
                {"types", types}};
}

Result<json> MarketService::outliers(const Principal& who, Period from, Period to, double threshold) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    auto loaded = load_range(*cache_, db_.market(), from, to, Frequency::kMonth);
    if (!loaded) return tl::unexpected(loaded.error());
    const MarketData& d = *loaded->data;
    market::OutlierOptions o;
    o.threshold = threshold;
    auto flags = market::flag_price_outliers(d.item, d.price, d.n_items(), o);
    if (!flags) return tl::unexpected(flags.error());
    std::vector<std::uint64_t> keys(d.item.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) keys[i] = d.item[i];
    auto cells = cells_by_key(options_.min_shops, keys, d);
    if (!cells) return tl::unexpected(cells.error());
    struct Flagged {
        std::int64_t low = 0, high = 0;
    };
    std::map<std::uint32_t, Flagged> by_item;
    json own = json::array();
    const std::optional<std::int64_t> me =
        *kind == OrgKind::kMerchant ? std::optional<std::int64_t>(who.org_id) : std::nullopt;
    for (const auto& f : *flags) {
        Flagged& x = by_item[f.item];
        (f.z < 0 ? x.low : x.high) += 1;
        if (me && d.shop_org[d.shop[f.row]] == *me && own.size() < 500) {
            own.push_back({{"time", format_market_time(d.time_ms[f.row])},
                           {"canonical", d.canonical.name(d.item_canonical[f.item])},
                           {"brand_tier", kTiers[d.item_tier[f.item]]},
                           {"unit_price", format_yuan(d.price[f.row])},
                           {"z", std::round(f.z * 100) / 100},
                           {"flag", f.z < 0 ? "counterfeit_risk" : "overpriced_or_data_error"}});
        }
    }
    std::unordered_map<std::uint32_t, std::vector<double>> prices_of;
    for (const auto& [item, x] : by_item) prices_of[item];
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        if (auto p = prices_of.find(d.item[i]); p != prices_of.end())
            p->second.push_back(static_cast<double>(d.price[i]));
    }
    json items = json::array();
    std::size_t suppressed = 0;
    for (const auto& [item, x] : by_item) {
        auto it = cells->find(item);
        if (it == cells->end() || it->second.suppressed) {
            ++suppressed;
            continue;
        }
        std::vector<double>& prices = prices_of[item];
        std::sort(prices.begin(), prices.end());
        items.push_back({{"canonical", d.canonical.name(d.item_canonical[item])},
                         {"brand_tier", kTiers[d.item_tier[item]]},
                         {"transactions", prices.size()},
                         {"median_price", format_yuan(std::llround(market::quantile_type7(prices, 0.5)))},
                         {"counterfeit_risk_rows", x.low},
                         {"overpriced_rows", x.high}});
    }
    json out = {{"from", month_label(from)},
                {"to", month_label(to)},
                {"method", "robust z on ln(unit price) per canonical bearing x brand tier, median/MAD"},
                {"threshold", threshold},
                {"min_shops", options_.min_shops},
                {"items_suppressed", suppressed},
                {"items", items}};
    if (me) out["own_flagged"] = std::move(own);
    return out;
}

}  // namespace yandian::app
