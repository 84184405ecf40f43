#include "app/market_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "app/utc_time.hpp"
#include "catalog/catalog_json.hpp"
#include "catalog/designation.hpp"
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

struct Civil {
    int year;
    int month;
    int day;
};

// Proleptic Gregorian date of a day count since 1970-01-01 (the inverse of market::days_from_civil), after
// H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (civil_from_days).
Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Civil{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

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
    const std::int64_t days = market::days_from_civil(y, mo, d);
    if (civil_from_days(days).day != d) return bad();  // 2026-02-30
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
        {"region", Dimension::kRegion}, {"channel", Dimension::kChannel}, {"all", Dimension::kAll}};
    for (const auto& [name, d] : kNames) {
        if (text == name) return d;
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'by' must be type, tier, size, region, channel or all, got '{}'", text), "by");
}

// ---------------------------------------------------------------------------------------------------------------
// Import.
// ---------------------------------------------------------------------------------------------------------------

namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::uint64_t fnv(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    h ^= 0x1f;
    h *= kFnvPrime;
    return h;
}

std::uint64_t fnv(std::uint64_t h, std::int64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= static_cast<std::uint64_t>(v >> (8 * i)) & 0xff;
        h *= kFnvPrime;
    }
    return h;
}

// Mixes the occurrence number into the content hash (splitmix64 finaliser), so two identical rows of one file
// are two sales and a re-import of the file gives the same keys again.
std::int64_t row_key(std::uint64_t content, std::uint64_t occurrence) {
    std::uint64_t z = content + 0x9e3779b97f4a7c15ULL * (occurrence + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<std::int64_t>(z);
}

Result<std::string> parse_channel(std::string_view text) {
    const std::string t = fold_raw_designation(text);
    if (t.empty() || t == "OFFLINE" || t == "线下" || t == "门店") return std::string("offline");
    if (t == "ONLINE" || t == "线上" || t == "网店" || t == "电商") return std::string("online");
    if (t == "EXPORT" || t == "出口" || t == "外贸") return std::string("export");
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'channel' must be offline, online or export, got '{}'", trim(text)), "channel");
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

class Importer {
  public:
    Importer(store::MarketStore& store, std::int64_t shop) : store_(store), shop_(shop) {}

    Status load_resolutions() {
        auto list = store_.list_resolutions();
        if (!list) return tl::unexpected(list.error());
        for (auto& r : *list) {
            resolved_.emplace(r.raw_key, NormalisedDesignation{r.canonical, r.bearing_type, r.size_class, ""});
        }
        return {};
    }

    // Validates and normalises one row; on error records it and returns false.
    void add(const RawTransaction& raw, std::size_t line, MarketImportReport& report) {
        ++report.rows;
        store::MarketTransactionRecord r;
        r.shop_org_id = shop_;
        auto time = parse_market_time(raw.time);
        if (!time) return error(report, line, time.error());
        r.time_ms = *time;
        r.raw_designation = std::string(trim(raw.designation));
        if (r.raw_designation.empty()) {
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
        r.channel = std::move(*channel);
        r.region = std::string(trim(raw.region));
        r.raw_brand = std::string(trim(raw.brand));
        r.raw_key = fold_raw_designation(r.raw_designation);

        const NormalisedDesignation* n = normalised(r.raw_key, r.raw_designation);
        BrandInfo brand = brand_of(r.raw_brand);
        if (n != nullptr) {
            r.canonical = n->canonical;
            r.bearing_type = n->bearing_type;
            r.size_class = n->size_class;
            if (r.raw_brand.empty() && !n->brand.empty()) brand = brand_of(n->brand);
        } else {
            ++report.waiting_review;
        }
        r.brand = std::move(brand.brand);
        r.brand_tier = std::string(to_string(brand.tier));

        std::uint64_t h = kFnvOffset;
        h = fnv(h, r.time_ms);
        h = fnv(h, std::string_view(r.raw_designation));
        h = fnv(h, std::string_view(r.raw_brand));
        h = fnv(h, r.quantity);
        h = fnv(h, r.unit_price_fen);
        h = fnv(h, std::string_view(r.channel));
        h = fnv(h, std::string_view(r.region));
        r.row_key = row_key(h, occurrences_[h]++);
        pending_.push_back(std::move(r));
    }

    Status flush(MarketImportReport& report) {
        if (pending_.empty()) return {};
        auto inserted = store_.insert_transactions(pending_);
        if (!inserted) return tl::unexpected(inserted.error());
        report.inserted += *inserted;
        report.duplicates += static_cast<std::int64_t>(pending_.size()) - *inserted;
        pending_.clear();
        return {};
    }

    std::size_t pending() const { return pending_.size(); }

  private:
    static void error(MarketImportReport& report, std::size_t line, const Error& e) {
        if (report.errors.size() < 1000) report.errors.push_back(MarketRowError{line, e.field, e.message});
    }

    const BrandInfo& brand_of(const std::string& raw) {
        auto it = brands_.find(raw);
        if (it == brands_.end()) it = brands_.emplace(raw, classify_brand(raw)).first;
        return it->second;
    }

    const NormalisedDesignation* normalised(const std::string& key, const std::string& raw) {
        if (auto it = resolved_.find(key); it != resolved_.end()) return &it->second;
        auto it = cache_.find(key);
        if (it == cache_.end()) {
            auto n = normalise_designation(raw);
            it = cache_.emplace(key, n ? std::optional<NormalisedDesignation>(std::move(*n)) : std::nullopt).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    store::MarketStore& store_;
    std::int64_t shop_;
    std::unordered_map<std::string, NormalisedDesignation> resolved_;
    std::unordered_map<std::string, std::optional<NormalisedDesignation>> cache_;
    std::unordered_map<std::string, BrandInfo> brands_;
    std::unordered_map<std::uint64_t, std::uint64_t> occurrences_;
    std::vector<store::MarketTransactionRecord> pending_;
};

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

// Splits the records after the header into chunks of about `rows` records, cutting only at a line end outside
// quotes. Each chunk is returned with the physical line number of its first line.
struct Chunk {
    std::string_view text;
    std::size_t first_line = 0;
};

std::vector<Chunk> split_records(std::string_view body, std::size_t first_line, std::size_t rows) {
    std::vector<Chunk> chunks;
    bool quoted = false;
    std::size_t start = 0, records = 0, line = first_line, chunk_line = first_line;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '"') quoted = !quoted;
        if (c != '\n') continue;
        ++line;
        if (quoted) continue;
        if (++records == rows) {
            chunks.push_back(Chunk{body.substr(start, i + 1 - start), chunk_line});
            start = i + 1;
            chunk_line = line;
            records = 0;
        }
    }
    if (start < body.size()) chunks.push_back(Chunk{body.substr(start), chunk_line});
    return chunks;
}

}  // namespace

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

Result<OrgKind> MarketService::kind_of(std::int64_t org_id) {
    auto org = db_.organisations().find(org_id);
    if (!org) return tl::unexpected(org.error());
    if (!*org) return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", org_id), "org_id");
    return parse_org_kind((*org)->kind);
}

Status MarketService::require_member(const Principal& who) {
    auto kind = kind_of(who.org_id);
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

Result<MarketImportReport> MarketService::import_csv_for_shop(std::int64_t shop_org_id, std::string_view text) {
    auto kind = kind_of(shop_org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation {} is not a shop (merchant organisation)", shop_org_id), "shop_org_id");
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const std::size_t header_end = text.find('\n');
    const std::string_view header = header_end == std::string_view::npos ? text : text.substr(0, header_end + 1);
    auto head = csv::parse(header);
    if (!head) return tl::unexpected(head.error());
    auto cols = csv_columns(*head);
    if (!cols) return tl::unexpected(cols.error());
    std::string header_text(header);
    if (header_text.back() != '\n') header_text.push_back('\n');

    Importer importer(db_.market(), shop_org_id);
    if (auto ok = importer.load_resolutions(); !ok) return tl::unexpected(ok.error());
    MarketImportReport report;
    const std::string shop_text = std::to_string(shop_org_id);
    auto take = [&](const std::vector<std::string>& f, std::size_t line) {
        auto field = [&](const std::optional<std::size_t>& c) -> const std::string& {
            static const std::string kEmpty;
            return c ? f[*c] : kEmpty;
        };
        if (cols->shop && !trim(f[*cols->shop]).empty() && trim(f[*cols->shop]) != shop_text) {
            ++report.rows;
            if (report.errors.size() < 1000) {
                report.errors.push_back(MarketRowError{
                    line, "shop",
                    fmt::format("row is for shop '{}', the import is for shop {}", f[*cols->shop], shop_org_id)});
            }
            return;
        }
        importer.add(
            RawTransaction{field(cols->time), field(cols->designation), field(cols->brand), field(cols->quantity),
                           field(cols->unit_price), field(cols->channel), field(cols->region)},
            line, report);
    };
    if (header_end != std::string_view::npos) {
        for (const Chunk& chunk : split_records(text.substr(header_end + 1), 2, options_.import_batch_rows)) {
            auto table = csv::parse(header_text + std::string(chunk.text));
            if (table) {
                for (std::size_t r = 0; r < table->rows.size(); ++r) {
                    take(table->rows[r], chunk.first_line + table->row_lines[r] - 2);
                }
            } else {
                // Isolate the malformed records: parse each record of the chunk on its own.
                for (const Chunk& one : split_records(chunk.text, chunk.first_line, 1)) {
                    if (trim(one.text).empty()) continue;
                    auto single = csv::parse(header_text + std::string(one.text));
                    if (!single) {
                        ++report.rows;
                        if (report.errors.size() < 1000) {
                            report.errors.push_back(
                                MarketRowError{one.first_line, single.error().field, single.error().message});
                        }
                        continue;
                    }
                    for (const auto& row : single->rows) take(row, one.first_line);
                }
            }
            if (auto ok = importer.flush(report); !ok) return tl::unexpected(ok.error());
        }
    }
    return report;
}

Result<MarketImportReport> MarketService::import_rows_for_shop(std::int64_t shop_org_id,
                                                               const std::vector<RawTransaction>& rows,
                                                               const std::vector<std::size_t>& lines) {
    Importer importer(db_.market(), shop_org_id);
    if (auto ok = importer.load_resolutions(); !ok) return tl::unexpected(ok.error());
    MarketImportReport report;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        importer.add(rows[i], i < lines.size() ? lines[i] : i, report);
        if (importer.pending() >= options_.import_batch_rows) {
            if (auto ok = importer.flush(report); !ok) return tl::unexpected(ok.error());
        }
    }
    if (auto ok = importer.flush(report); !ok) return tl::unexpected(ok.error());
    return report;
}

Result<MarketImportReport> MarketService::import_json(const Principal& who, const json& body) {
    if (auto ok = require_member(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot import", "role");
    auto it = body.find("transactions");
    if (it == body.end() || !it->is_array()) {
        return fail(ErrorCode::kInvalidArgument, "'transactions' must be an array of rows", "transactions");
    }
    std::vector<RawTransaction> rows;
    std::vector<std::size_t> lines;
    MarketImportReport shape_errors;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& row = (*it)[i];
        if (!row.is_object()) {
            shape_errors.errors.push_back(MarketRowError{i, "transactions", "row must be an object"});
            continue;
        }
        RawTransaction raw;
        std::string bad_field;
        auto text = [&](std::string_view name, std::string& out, bool allow_number) {
            auto f = row.find(name);
            if (f == row.end() || f->is_null()) return;
            if (f->is_string()) {
                out = f->get<std::string>();
            } else if (allow_number && f->is_number_integer()) {
                out = std::to_string(f->get<std::int64_t>());
            } else if (bad_field.empty()) {
                bad_field = std::string(name);
            }
        };
        text("time", raw.time, false);
        text("designation", raw.designation, false);
        text("brand", raw.brand, false);
        text("quantity", raw.quantity, true);
        text("unit_price", raw.unit_price, false);
        text("channel", raw.channel, false);
        text("region", raw.region, false);
        if (!bad_field.empty()) {
            shape_errors.errors.push_back(
                MarketRowError{i, bad_field,
                               bad_field == "unit_price" ? "'unit_price' must be a decimal string in yuan (\"12.50\")"
                                                         : fmt::format("'{}' has the wrong type", bad_field)});
            continue;
        }
        rows.push_back(std::move(raw));
        lines.push_back(i);
    }
    auto report = import_rows_for_shop(who.org_id, rows, lines);
    if (!report) return report;
    report->rows += static_cast<std::int64_t>(shape_errors.errors.size());
    report->errors.insert(report->errors.end(), shape_errors.errors.begin(), shape_errors.errors.end());
    std::sort(report->errors.begin(), report->errors.end(),
              [](const MarketRowError& a, const MarketRowError& b) { return a.line < b.line; });
    return report;
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
    auto kind = kind_of(who.org_id);
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
    json list = json::array();
    for (const auto& e : *queue) {
        json item = {{"raw", e.raw_designation}, {"key", e.raw_key}, {"rows", e.rows}};
        if (shop) {
            item["first_time"] = format_market_time(e.first_time_ms);
        } else {
            // Analysts see how widespread a spelling is, never which shop wrote it.
            item["shops_at_least"] = std::min<std::int64_t>(e.shops, options_.min_shops);
        }
        auto reason = normalise_designation(e.raw_designation);
        item["reason"] = reason ? "" : reason.error().message;
        list.push_back(std::move(item));
    }
    return json{{"scope", shop ? "own" : "market"}, {"queue", list}};
}

Result<json> MarketService::resolve(const Principal& who, std::string_view raw, std::string_view canonical_text) {
    auto kind = kind_of(who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    const std::string key = fold_raw_designation(raw);
    if (key.empty()) return fail(ErrorCode::kInvalidArgument, "'raw' is empty", "raw");
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot resolve", "role");
    if (*kind == OrgKind::kMerchant) {
        auto own = db_.market().review_queue(who.org_id);
        if (!own) return tl::unexpected(own.error());
        const bool mine = std::any_of(own->begin(), own->end(), [&](const auto& e) { return e.raw_key == key; });
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
    store::DesignationResolution r{key,           n->canonical, n->bearing_type,
                                   n->size_class, who.user_id,  format_utc(clock_())};
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
    Dict canonical, type, size, regions, channels;
    std::vector<std::uint32_t> item_canonical, item_tier, item_type, item_size;
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

Result<MarketData> load(store::MarketStore& store, const Range& range, Frequency f,
                        std::optional<std::int64_t> shop = std::nullopt) {
    MarketData d;
    d.first = range.first;
    d.last = range.last;
    std::unordered_map<std::int64_t, std::uint32_t> shop_ids;
    std::vector<std::uint32_t> item_of;  // canonical id * 4 + tier -> item id + 1 (0 = none yet)
    auto ok = store.scan(store::MarketScanFilter{range.from_ms, range.to_ms, shop}, [&](const store::MarketScanRow& r) {
        const std::uint32_t cid = d.canonical.id(r.canonical);
        const std::uint32_t tid = tier_id(r.brand_tier);
        const std::size_t slot = static_cast<std::size_t>(cid) * 4 + tid;
        if (slot >= item_of.size()) item_of.resize(slot + 64, 0);
        if (item_of[slot] == 0) {
            d.item_canonical.push_back(cid);
            d.item_tier.push_back(tid);
            d.item_type.push_back(d.type.id(r.bearing_type));
            d.item_size.push_back(d.size.id(r.size_class));
            item_of[slot] = static_cast<std::uint32_t>(d.item_canonical.size());
        }
        auto [it, fresh] = shop_ids.emplace(r.shop_org_id, static_cast<std::uint32_t>(d.shop_org.size()));
        if (fresh) d.shop_org.push_back(r.shop_org_id);
        d.period.push_back(period_of(r.time_ms, f));
        d.item.push_back(item_of[slot] - 1);
        d.shop.push_back(it->second);
        d.region.push_back(d.regions.id(r.region));
        d.channel.push_back(d.channels.id(r.channel));
        d.quantity.push_back(r.quantity);
        d.price.push_back(r.unit_price_fen);
        d.time_ms.push_back(r.time_ms);
    });
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
    if (auto ok = agg->add(keys, d.shop, d.quantity, d.price); !ok) return tl::unexpected(ok.error());
    std::unordered_map<std::uint64_t, market::TurnoverCell> out;
    for (const auto& c : agg->cells()) out.emplace(c.key, c);
    return out;
}

}  // namespace

Result<json> MarketService::price_index(const Principal& who, const IndexQuery& query) {
    auto kind = kind_of(who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return price_index(query);
}

Result<json> MarketService::price_index(const IndexQuery& q) {
    if (q.by != Dimension::kType && q.by != Dimension::kTier && q.by != Dimension::kSize && q.by != Dimension::kAll) {
        return fail(ErrorCode::kInvalidArgument, "sub-indices are by type, tier or size", "by");
    }
    auto loaded = load_range(*cache_, db_.market(), q.from, q.to, q.frequency);
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
                {"transactions", d.item.size()}};
    if (q.geks) out["geks_window"] = request.geks_window;

    // Disclosure: shops per (group slot, period); slot 0 = all items, 1 + g = group g.
    std::vector<std::uint64_t> keys;
    keys.reserve(d.item.size() * 2);
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        const auto t = static_cast<std::uint32_t>(d.period[i] - range->first);
        keys.push_back(market::make_key(0, t));
        keys.push_back(market::make_key(1 + groups.of_row[i], t));
    }
    // The aggregator wants one entry per key in every column: duplicate the row columns.
    MarketData twice;
    twice.shop.reserve(keys.size());
    twice.quantity.reserve(keys.size());
    twice.price.reserve(keys.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        for (int k = 0; k < 2; ++k) {
            twice.shop.push_back(d.shop[i]);
            twice.quantity.push_back(d.quantity[i]);
            twice.price.push_back(d.price[i]);
        }
    }
    auto cells = cells_by_key(options_.min_shops, keys, twice);
    if (!cells) return tl::unexpected(cells.error());
    const auto shops_in = [&](std::uint32_t slot, std::int32_t t) -> std::uint32_t {
        auto it = cells->find(market::make_key(slot, static_cast<std::uint32_t>(t)));
        return it == cells->end() ? 0 : it->second.shops_at_least;
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
    auto result =
        market::compute_price_index(market::TransactionColumns{d.period, d.item, d.shop, d.quantity, d.price}, request);
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
    auto kind = kind_of(who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return turnover(query);
}

Result<json> MarketService::turnover(const AggregateQuery& q) {
    auto loaded = load_range(*cache_, db_.market(), q.from, q.to, q.frequency);
    if (!loaded) return tl::unexpected(loaded.error());
    const Range* range = &loaded->range;
    const MarketData& d = *loaded->data;
    const Groups groups = groups_of(d, q.by);
    std::vector<std::uint64_t> keys(d.item.size());
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        const auto t = q.by_period ? static_cast<std::uint32_t>(d.period[i] - range->first) : 0U;
        keys[i] = market::make_key(groups.of_row[i], t);
    }
    auto agg = market::TurnoverAggregator::create(options_.min_shops);
    if (!agg) return tl::unexpected(agg.error());
    if (auto ok = agg->add(keys, d.shop, d.quantity, d.price); !ok) return tl::unexpected(ok.error());
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
    auto kind = kind_of(who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    auto loaded = load_range(*cache_, db_.market(), from, to, Frequency::kMonth);
    if (!loaded) return tl::unexpected(loaded.error());
    const Range* range = &loaded->range;
    const MarketData& d = *loaded->data;
    const std::int32_t n_periods = range->last - range->first + 1;
    const std::int32_t mid = n_periods / 2;  // first half [0, mid), second half [mid, n)
    // Keys: (canonical, 0) whole range, (canonical, 1) first half, (canonical, 2) second half.
    std::vector<std::uint64_t> keys;
    MarketData rows;
    for (std::size_t i = 0; i < d.item.size(); ++i) {
        const std::uint32_t c = d.item_canonical[d.item[i]];
        const std::int32_t t = d.period[i] - range->first;
        for (std::uint32_t part : {0U, t < mid ? 1U : 2U}) {
            keys.push_back(market::make_key(c, part));
            rows.shop.push_back(d.shop[i]);
            rows.quantity.push_back(d.quantity[i]);
            rows.price.push_back(d.price[i]);
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
    auto kind = kind_of(who.org_id);
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
    auto kind = kind_of(who.org_id);
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
    auto data = cached_load(*cache_, db_.market(), *range, Frequency::kMonth);
    if (!data) return tl::unexpected(data.error());
    const MarketData& d = **data;
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
    auto kind = kind_of(who.org_id);
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
