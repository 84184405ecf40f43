#include "app/market_offers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "app/market_json_rows.hpp"
#include "common/content_hash.hpp"
#include "common/csv.hpp"
#include "market/outliers.hpp"
#include "market/period.hpp"
#include "store/database.hpp"

namespace yandian::app {

using nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kDefaultValidityDays = 30;
constexpr std::int64_t kMaxValidityDays = 366;
constexpr std::size_t kMaxErrors = 1000;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

std::int64_t now_ms(const Clock& clock) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock().time_since_epoch()).count();
}

// The channels of a transaction (market_service.cpp): offline (the default), online, export, in English or Chinese.
Result<std::string> offer_channel(std::string_view text) {
    const std::string t = fold_raw_designation(text);
    if (t.empty() || t == "OFFLINE" || t == "线下" || t == "门店") return std::string("offline");
    if (t == "ONLINE" || t == "线上" || t == "网店" || t == "电商") return std::string("online");
    if (t == "EXPORT" || t == "出口" || t == "外贸") return std::string("export");
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'channel' must be offline, online or export, got '{}'", trim(text)), "channel");
}

Result<std::int64_t> positive_count(std::string_view text, std::string_view field) {
    const std::string_view t = trim(text);
    std::int64_t q = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), q);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || q <= 0 || q > 1'000'000'000) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a positive integer, got '{}'", field, t),
                    std::string(field));
    }
    return q;
}

Result<std::int64_t> offer_time(std::string_view text, std::string_view field, bool end_of_day) {
    const std::string_view t = trim(text);
    auto ms = parse_market_time(t);
    if (!ms) {
        Error e = ms.error();
        e.field = std::string(field);
        if (e.message.rfind("'time'", 0) == 0) e.message.replace(0, 6, fmt::format("'{}'", field));
        return tl::unexpected(e);
    }
    // "2026-03-31" as the end of a validity: through the last millisecond of that day.
    return end_of_day && t.size() == 10 ? *ms + kDayMs - 1 : *ms;
}

std::uint64_t mix(std::uint64_t h, std::string_view s) { return fnv1a(h, s); }
std::uint64_t mix(std::uint64_t h, std::int64_t v) { return fnv1a(h, v); }

class OfferImporter {
  public:
    OfferImporter(store::Database& db, std::int64_t shop, std::int64_t now) : db_(db), shop_(shop), now_(now) {}

    Status load_resolutions() {
        auto list = db_.market().list_resolutions();
        if (!list) return tl::unexpected(list.error());
        for (auto& r : *list) {
            NormalisedDesignation n;
            n.canonical = r.canonical;
            n.bearing_type = r.bearing_type;
            n.size_class = r.size_class;
            cache_.emplace(r.raw_key, std::move(n));
        }
        return {};
    }

    void add(const RawOffer& raw, std::size_t line, MarketImportReport& report) {
        ++report.rows;
        store::MarketOfferRecord r;
        r.shop_org_id = shop_;
        r.posted_at_ms = now_;
        r.raw_designation = std::string(trim(raw.designation));
        if (r.raw_designation.empty()) {
            return error(report, line, Error{ErrorCode::kInvalidArgument, "'designation' is empty", "designation"});
        }
        auto price = parse_yuan(raw.unit_price, "unit_price");
        if (!price) return error(report, line, price.error());
        r.unit_price_fen = *price;
        auto quantity = positive_count(raw.quantity, "quantity");
        if (!quantity) return error(report, line, quantity.error());
        r.quantity = *quantity;
        if (!trim(raw.min_order).empty()) {
            auto min_order = positive_count(raw.min_order, "min_order");
            if (!min_order) return error(report, line, min_order.error());
            r.min_order = *min_order;
        }
        if (r.min_order > r.quantity) {
            return error(
                report, line,
                Error{ErrorCode::kInvalidArgument,
                      fmt::format("'min_order' ({}) exceeds the 'quantity' available ({})", r.min_order, r.quantity),
                      "min_order"});
        }
        auto channel = offer_channel(raw.channel);
        if (!channel) return error(report, line, channel.error());
        r.channel = std::move(*channel);
        if (trim(raw.valid_from).empty()) {
            return error(report, line, Error{ErrorCode::kInvalidArgument, "'valid_from' is empty", "valid_from"});
        }
        auto from = offer_time(raw.valid_from, "valid_from", false);
        if (!from) return error(report, line, from.error());
        r.valid_from_ms = *from;
        if (trim(raw.valid_until).empty()) {
            r.valid_until_ms = r.valid_from_ms + kDefaultValidityDays * kDayMs - 1;
        } else {
            auto until = offer_time(raw.valid_until, "valid_until", true);
            if (!until) return error(report, line, until.error());
            r.valid_until_ms = *until;
        }
        if (r.valid_until_ms < r.valid_from_ms) {
            return error(report, line,
                         Error{ErrorCode::kInvalidArgument, "'valid_until' is before 'valid_from'", "valid_until"});
        }
        if (r.valid_until_ms - r.valid_from_ms >= kMaxValidityDays * kDayMs) {
            return error(report, line,
                         Error{ErrorCode::kInvalidArgument,
                               fmt::format("an offer is valid for at most {} days", kMaxValidityDays), "valid_until"});
        }
        r.raw_brand = std::string(trim(raw.brand));
        r.raw_key = fold_raw_designation(r.raw_designation);

        BrandInfo brand = classify_brand(r.raw_brand);
        if (const NormalisedDesignation* n = normalised(r.raw_key, r.raw_designation); n != nullptr) {
            r.canonical = n->canonical;
            r.bearing_type = n->bearing_type;
            r.size_class = n->size_class;
            if (r.raw_brand.empty() && !n->brand.empty()) brand = classify_brand(n->brand);
        } else {
            ++report.waiting_review;
        }
        r.brand = std::move(brand.brand);
        r.brand_tier = std::string(to_string(brand.tier));

        // The identity of an offer is what it says (not when it was posted): the same line posted again is the
        // same offer.
        std::uint64_t h = kFnvOffset;
        h = mix(h, std::string_view(r.raw_key));
        h = mix(h, std::string_view(fold_raw_designation(r.raw_brand)));
        h = mix(h, r.unit_price_fen);
        h = mix(h, r.quantity);
        h = mix(h, r.min_order);
        h = mix(h, std::string_view(r.channel));
        h = mix(h, r.valid_from_ms);
        h = mix(h, r.valid_until_ms);
        r.offer_key = static_cast<std::int64_t>(h);
        pending_.push_back(std::move(r));
    }

    Status flush(MarketImportReport& report) {
        if (pending_.empty()) return {};
        auto inserted = db_.market_offers().insert_offers(pending_);
        if (!inserted) return tl::unexpected(inserted.error());
        report.inserted += *inserted;
        report.duplicates += static_cast<std::int64_t>(pending_.size()) - *inserted;
        pending_.clear();
        return {};
    }

    static void error(MarketImportReport& report, std::size_t line, const Error& e) {
        if (report.errors.size() < kMaxErrors) report.errors.push_back(MarketRowError{line, e.field, e.message});
    }

  private:
    const NormalisedDesignation* normalised(const std::string& key, const std::string& raw) {
        auto it = cache_.find(key);
        if (it == cache_.end()) {
            auto n = normalise_designation(raw);
            it = cache_.emplace(key, n ? std::optional<NormalisedDesignation>(std::move(*n)) : std::nullopt).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    store::Database& db_;
    std::int64_t shop_;
    std::int64_t now_;
    std::unordered_map<std::string, std::optional<NormalisedDesignation>> cache_;
    std::vector<store::MarketOfferRecord> pending_;
};

// Splits a CSV body (after the header) into its records, cutting at line ends outside quotes; each record with the
// physical line it starts on.
std::vector<std::pair<std::string_view, std::size_t>> records_of(std::string_view body, std::size_t first_line) {
    std::vector<std::pair<std::string_view, std::size_t>> out;
    for (std::size_t pos = 0, line = first_line; pos < body.size();) {
        std::size_t lines = 1;
        const std::size_t end = csv::record_end(body, pos, lines);
        out.emplace_back(body.substr(pos, end == body.size() ? end - pos : end + 1 - pos), line);
        pos = end == body.size() ? end : end + 1;
        line += lines;
    }
    return out;
}

}  // namespace

Result<OfferGrouping> parse_offer_grouping(std::string_view text) {
    if (text == "model") return OfferGrouping::kModel;
    if (text == "type") return OfferGrouping::kType;
    return fail(ErrorCode::kInvalidArgument, fmt::format("'by' must be model or type, got '{}'", text), "by");
}

MarketOfferService::MarketOfferService(store::Database& db, Clock clock, MarketOptions options)
    : db_(db), clock_(std::move(clock)), options_(options) {}

Status MarketOfferService::require_shop(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kPermissionDenied,
                    "only a shop (merchant organisation) has offers of its own; other parties see aggregates", "org");
    }
    return {};
}

Result<MarketImportReport> MarketOfferService::import_csv(const Principal& who, std::string_view text) {
    if (auto ok = require_shop(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot post offers", "role");
    return import_csv_for_shop(who.org_id, text);
}

Result<MarketImportReport> MarketOfferService::import_csv_for_shop(std::int64_t shop_org_id, std::string_view text) {
    if (auto ok = require_shop_organisation(db_, shop_org_id, "shop_org_id"); !ok) return tl::unexpected(ok.error());
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const std::size_t header_end = text.find('\n');
    std::string header(header_end == std::string_view::npos ? text : text.substr(0, header_end + 1));
    if (header.back() != '\n') header.push_back('\n');
    auto head = csv::parse(header);
    if (!head) return tl::unexpected(head.error());
    struct Columns {
        std::optional<std::size_t> shop, designation, brand, unit_price, quantity, min_order, channel, from, until;
    } c;
    c.shop = head->column("shop");
    c.brand = head->column("brand");
    c.min_order = head->column("min_order");
    c.channel = head->column("channel");
    c.until = head->column("valid_until");
    for (auto [name, target] : {std::pair<std::string_view, std::optional<std::size_t>*>{"designation", &c.designation},
                                {"unit_price", &c.unit_price},
                                {"quantity", &c.quantity},
                                {"valid_from", &c.from}}) {
        auto col = csv::require_column(*head, name);
        if (!col) return tl::unexpected(col.error());
        *target = *col;
    }

    OfferImporter importer(db_, shop_org_id, now_ms(clock_));
    if (auto ok = importer.load_resolutions(); !ok) return tl::unexpected(ok.error());
    MarketImportReport report;
    const std::string shop_text = std::to_string(shop_org_id);
    auto take = [&](const std::vector<std::string>& f, std::size_t line) {
        auto field = [&](const std::optional<std::size_t>& col) { return col ? f[*col] : std::string(); };
        if (c.shop && !trim(f[*c.shop]).empty() && trim(f[*c.shop]) != shop_text) {
            ++report.rows;
            OfferImporter::error(
                report, line,
                Error{ErrorCode::kPermissionDenied,
                      fmt::format("row is for shop '{}', a shop posts only its own offers (this import is for shop {})",
                                  trim(f[*c.shop]), shop_org_id),
                      "shop"});
            return;
        }
        importer.add(RawOffer{field(c.designation), field(c.brand), field(c.unit_price), field(c.quantity),
                              field(c.min_order), field(c.channel), field(c.from), field(c.until)},
                     line, report);
    };
    if (header_end != std::string_view::npos) {
        const std::string_view body = text.substr(header_end + 1);
        auto table = csv::parse(header + std::string(body));
        if (table) {
            for (std::size_t r = 0; r < table->rows.size(); ++r) take(table->rows[r], table->row_lines[r]);
        } else {
            // Isolate the malformed records: parse each record on its own, so the good ones are kept.
            for (const auto& [record, line] : records_of(body, 2)) {
                if (trim(record).empty()) continue;
                csv::ReadOptions at_line;
                at_line.first_line = line - 1;  // the header stands just before the record
                auto single = csv::parse(header + std::string(record), at_line);
                if (!single) {
                    ++report.rows;
                    OfferImporter::error(report, line, single.error());
                    continue;
                }
                for (const auto& row : single->rows) take(row, line);
            }
        }
    }
    if (auto ok = importer.flush(report); !ok) return tl::unexpected(ok.error());
    return report;
}

Result<MarketImportReport> MarketOfferService::import_offers_for_shop(std::int64_t shop_org_id,
                                                                      const std::vector<RawOffer>& offers,
                                                                      const std::vector<std::size_t>& lines) {
    OfferImporter importer(db_, shop_org_id, now_ms(clock_));
    if (auto ok = importer.load_resolutions(); !ok) return tl::unexpected(ok.error());
    MarketImportReport report;
    for (std::size_t i = 0; i < offers.size(); ++i) importer.add(offers[i], i < lines.size() ? lines[i] : i, report);
    if (auto ok = importer.flush(report); !ok) return tl::unexpected(ok.error());
    return report;
}

Result<MarketImportReport> MarketOfferService::import_json(const Principal& who, const json& body) {
    if (auto ok = require_shop(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot post offers", "role");
    auto read = read_json_rows<RawOffer>(
        body, "offers", "'offers' must be an array of offers", "offer must be an object",
        [&](const json& row, std::size_t i, RawOffer& raw, const auto& text) -> std::optional<MarketRowError> {
            if (auto shop = row.find("shop_org_id"); shop != row.end() && !shop->is_null()) {
                if (!shop->is_number_integer() || shop->get<std::int64_t>() != who.org_id) {
                    return MarketRowError{i, "shop_org_id", "a shop posts only its own offers"};
                }
            }
            text("designation", raw.designation, false);
            text("brand", raw.brand, false);
            text("unit_price", raw.unit_price, false);
            text("quantity", raw.quantity, true);
            text("min_order", raw.min_order, true);
            text("channel", raw.channel, false);
            text("valid_from", raw.valid_from, false);
            text("valid_until", raw.valid_until, false);
            return std::nullopt;
        });
    if (!read) return tl::unexpected(read.error());
    auto report = import_offers_for_shop(who.org_id, read->rows, read->indexes);
    if (!report) return report;
    return with_refused(std::move(*report), read->refused);
}

namespace {

// Resolutions recorded after an offer was posted apply to it when it is read.
Result<std::unordered_map<std::string, store::DesignationResolution>> resolutions(store::Database& db) {
    auto list = db.market().list_resolutions();
    if (!list) return tl::unexpected(list.error());
    std::unordered_map<std::string, store::DesignationResolution> out;
    for (auto& r : *list) out.emplace(r.raw_key, std::move(r));
    return out;
}

void apply_resolution(store::MarketOfferRecord& r,
                      const std::unordered_map<std::string, store::DesignationResolution>& resolved) {
    if (!r.canonical.empty()) return;
    if (auto it = resolved.find(r.raw_key); it != resolved.end()) {
        r.canonical = it->second.canonical;
        r.bearing_type = it->second.bearing_type;
        r.size_class = it->second.size_class;
    }
}

json offer_json(const store::MarketOfferRecord& r, std::int64_t now) {
    std::string_view status = "standing";
    if (r.withdrawn_at_ms) {
        status = "withdrawn";
    } else if (r.valid_until_ms < now) {
        status = "expired";
    } else if (r.valid_from_ms > now) {
        status = "upcoming";
    }
    auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
    return json{{"id", r.id},
                {"designation", r.raw_designation},
                {"brand", r.raw_brand},
                {"unit_price", format_yuan(r.unit_price_fen)},
                {"quantity", r.quantity},
                {"min_order", r.min_order},
                {"channel", r.channel},
                {"valid_from", format_market_time(r.valid_from_ms)},
                {"valid_until", format_market_time(r.valid_until_ms)},
                {"canonical", or_null(r.canonical)},
                {"bearing_type", or_null(r.bearing_type)},
                {"size_class", or_null(r.size_class)},
                {"normalised_brand", r.brand},
                {"brand_tier", r.brand_tier},
                {"waiting_review", r.canonical.empty()},
                {"posted_at", format_market_time(r.posted_at_ms)},
                {"withdrawn_at", r.withdrawn_at_ms ? json(format_market_time(*r.withdrawn_at_ms)) : json(nullptr)},
                {"status", status}};
}

}  // namespace

Result<json> MarketOfferService::own_offers(const Principal& who, bool include_withdrawn, std::int64_t after_id,
                                            std::int64_t limit) {
    if (auto ok = require_shop(who); !ok) return tl::unexpected(ok.error());
    store::MarketOfferFilter f;
    f.shop_org_id = who.org_id;
    f.include_withdrawn = include_withdrawn;
    f.after_id = after_id;
    f.limit = std::clamp<std::int64_t>(limit, 1, 1000);
    auto rows = db_.market_offers().list_offers(f);
    if (!rows) return tl::unexpected(rows.error());
    auto resolved = resolutions(db_);
    if (!resolved) return tl::unexpected(resolved.error());
    const std::int64_t now = now_ms(clock_);
    json list = json::array();
    for (auto& r : *rows) {
        apply_resolution(r, *resolved);
        list.push_back(offer_json(r, now));
    }
    auto total = db_.market_offers().count_offers(who.org_id);
    if (!total) return tl::unexpected(total.error());
    json out = {{"shop_org_id", who.org_id}, {"total", *total}, {"offers", list}};
    if (!rows->empty() && static_cast<std::int64_t>(rows->size()) == f.limit) out["next_after_id"] = rows->back().id;
    return out;
}

Result<json> MarketOfferService::withdraw(const Principal& who, std::int64_t offer_id) {
    if (auto ok = require_shop(who); !ok) return tl::unexpected(ok.error());
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot withdraw offers", "role");
    const std::int64_t now = now_ms(clock_);
    if (auto ok = db_.market_offers().withdraw_offer(who.org_id, offer_id, now); !ok) return tl::unexpected(ok.error());
    store::MarketOfferFilter f;
    f.shop_org_id = who.org_id;
    f.after_id = offer_id - 1;
    f.limit = 1;
    auto rows = db_.market_offers().list_offers(f);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty() || rows->front().id != offer_id) {
        return fail(ErrorCode::kNotFound, fmt::format("offer {} not found", offer_id), "id");
    }
    auto resolved = resolutions(db_);
    if (!resolved) return tl::unexpected(resolved.error());
    apply_resolution(rows->front(), *resolved);
    return offer_json(rows->front(), now);
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregates. A cell is (canonical bearing or bearing type) x brand tier. Each shop counts once per model cell: its
// asking price there is the median of its offers for that bearing and tier valid in the range. A model cell's
// quartiles are over those shop prices; a type cell's over the shop prices of all its models. Quantiles are
// Hyndman & Fan type 7 (market::quantile_type7). The transaction median of a bearing x tier is the median unit
// price of its transactions in the range, published only when they come from at least min_shops shops; the premium
// of a shop price is shop price / transaction median - 1, and a cell's premium is the median of its shop premiums,
// published only when the shops with a premium are at least min_shops.
// ---------------------------------------------------------------------------------------------------------------

namespace {

struct ModelTier {
    std::string canonical;
    std::string tier;
    bool operator<(const ModelTier& o) const { return std::tie(canonical, tier) < std::tie(o.canonical, o.tier); }
};

struct TypeTier {
    std::string type;
    std::string tier;
    bool operator<(const TypeTier& o) const { return std::tie(type, tier) < std::tie(o.type, o.tier); }
};

constexpr std::string_view kTierOrder[] = {"international", "chinese_top", "domestic", "unbranded"};

int tier_rank(std::string_view t) {
    for (int i = 0; i < 4; ++i) {
        if (kTierOrder[i] == t) return i;
    }
    return 4;
}

struct Quartiles {
    double q1 = 0, median = 0, q3 = 0;
};

Quartiles quartiles(std::vector<double> x) {
    std::sort(x.begin(), x.end());
    return Quartiles{market::quantile_type7(x, 0.25), market::quantile_type7(x, 0.5), market::quantile_type7(x, 0.75)};
}

double median_of(std::vector<double> x) {
    std::sort(x.begin(), x.end());
    return market::quantile_type7(x, 0.5);
}

std::string yuan(double fen) { return format_yuan(static_cast<std::int64_t>(std::llround(fen))); }
double round4(double x) { return std::round(x * 1e4) / 1e4; }

struct ShopQuote {
    std::int64_t shop = 0;
    double price = 0;               // the shop's asking price in the cell (median of its offers), fen
    std::optional<double> premium;  // over the published transaction median
};

struct Cell {
    std::vector<ShopQuote> quotes;  // one per shop and model
    std::set<std::int64_t> shops;
    std::int64_t offers = 0;
    std::int64_t quantity = 0;
    std::set<std::string> models;
    std::optional<double> transaction_median;  // model cells
    bool transactions_published = false;
};

}  // namespace

Result<json> MarketOfferService::summary(const Principal& who, const OfferSummaryQuery& query) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return summary(query);
}

Result<std::optional<Period>> MarketOfferService::published_through() {
    const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock_())};
    auto current = market::month_key(static_cast<int>(today.year()), static_cast<int>(unsigned(today.month())));
    if (!current) return tl::unexpected(current.error());
    for (market::PeriodKey key = *current; key > *current - 36; --key) {
        const market::YearMonth m = market::month_of_key(key);
        const market::YearMonth next = market::month_of_key(key + 1);
        auto shops = db_.market_offers().count_offering_shops(market::days_from_civil(m.year, m.month, 1) * kDayMs,
                                                              market::days_from_civil(next.year, next.month, 1) * kDayMs);
        if (!shops) return tl::unexpected(shops.error());
        if (*shops >= static_cast<std::int64_t>(options_.min_shops)) return Period{m.year, m.month};
    }
    return std::optional<Period>{};
}

Result<PeriodRange> MarketOfferService::range_or_default(std::optional<Period> from, std::optional<Period> to,
                                                         int months) {
    std::optional<Period> through;
    if (!to) {
        auto last = published_through();
        if (!last) return tl::unexpected(last.error());
        through = *last;
    }
    return app::range_or_default(from, to, through, months, options_.min_shops);
}

Result<json> MarketOfferService::summary(const OfferSummaryQuery& q) {
    auto a = market::month_key(q.from.year, q.from.month);
    if (!a) return tl::unexpected(a.error());
    auto b = market::month_key(q.to.year, q.to.month);
    if (!b) return tl::unexpected(b.error());
    if (*b < *a) return fail(ErrorCode::kInvalidArgument, "'to' is before 'from'", "to");
    if (*b - *a > 120) return fail(ErrorCode::kInvalidArgument, "at most 10 years at a time", "to");
    const market::YearMonth after = market::month_of_key(*b + 1);
    const std::int64_t from_ms = market::days_from_civil(q.from.year, q.from.month, 1) * kDayMs;
    const std::int64_t to_ms = market::days_from_civil(after.year, after.month, 1) * kDayMs;  // exclusive

    std::optional<std::string> only;
    if (q.canonical && !trim(*q.canonical).empty()) {
        auto n = normalise_designation(*q.canonical);
        if (!n) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("'canonical' is not a catalogue bearing: {}", n.error().message), "canonical");
        }
        only = n->canonical;
    }

    // Offers valid at some time of the range (a withdrawn one only if it stood before the withdrawal).
    store::MarketOfferFilter f;
    f.from_ms = from_ms;
    f.to_ms = to_ms;
    auto offers = db_.market_offers().list_offers(f);
    if (!offers) return tl::unexpected(offers.error());
    auto resolved = resolutions(db_);
    if (!resolved) return tl::unexpected(resolved.error());
    struct ShopModel {
        std::vector<double> prices;
        std::int64_t quantity = 0;
        std::string type;
    };
    std::map<ModelTier, std::map<std::int64_t, ShopModel>> by_model;
    std::int64_t waiting = 0;
    for (auto& o : *offers) {
        if (o.withdrawn_at_ms && *o.withdrawn_at_ms <= o.valid_from_ms) continue;  // never stood
        apply_resolution(o, *resolved);
        if (o.canonical.empty()) {
            ++waiting;
            continue;
        }
        if (only && o.canonical != *only) continue;
        ShopModel& sm = by_model[ModelTier{o.canonical, o.brand_tier}][o.shop_org_id];
        sm.prices.push_back(static_cast<double>(o.unit_price_fen));
        sm.quantity += o.quantity;
        sm.type = o.bearing_type;
    }

    // Transaction medians of the bearings x tiers quoted.
    std::map<ModelTier, std::pair<std::vector<double>, std::set<std::int64_t>>> sold;
    for (const auto& [key, shops] : by_model) sold[key];
    // Read the rows of the period as columns: the dictionaries say, per designation and brand id, which quoted
    // bearing x tier a row belongs to (if any), so a row costs an array lookup.
    using Sold = std::pair<std::vector<double>, std::set<std::int64_t>>;
    std::vector<std::vector<std::pair<std::uint32_t, Sold*>>> target_of;  // designation id -> (tier id, target)
    std::vector<std::uint32_t> tier_of;                                   // brand id -> tier id
    std::vector<std::string> tier_names;
    auto on_dictionaries = [&](const store::MarketDictionaries& dict, std::int64_t) {
        std::map<std::string, std::uint32_t> tier_ids;
        tier_of.assign(dict.brands.size(), 0);
        for (const store::MarketBrand& b : dict.brands) {
            if (b.id == 0) continue;
            auto [it, fresh] = tier_ids.emplace(b.tier, static_cast<std::uint32_t>(tier_names.size()));
            if (fresh) tier_names.push_back(b.tier);
            tier_of[b.id] = it->second;
        }
        target_of.assign(dict.designations.size(), {});
        for (const store::MarketDesignation& e : dict.designations) {
            if (e.id == 0 || e.canonical.empty()) continue;
            for (std::uint32_t t = 0; t < tier_names.size(); ++t) {
                auto it = sold.find(ModelTier{e.canonical, tier_names[t]});
                if (it != sold.end()) target_of[e.id].emplace_back(t, &it->second);
            }
        }
    };
    auto on_rows = [&](std::int64_t shop, const store::MarketColumns& c) {
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::uint32_t des = c.designation[i];
            if (des >= target_of.size() || target_of[des].empty() || c.brand[i] >= tier_of.size()) continue;
            const std::uint32_t tier = tier_of[c.brand[i]];
            for (const auto& [t, target] : target_of[des]) {
                if (t != tier) continue;
                target->first.push_back(static_cast<double>(c.unit_price_fen[i]));
                target->second.insert(shop);
            }
        }
    };
    if (auto ok = db_.market().scan(store::MarketScanFilter{from_ms, to_ms, std::nullopt}, on_dictionaries, on_rows);
        !ok) {
        return tl::unexpected(ok.error());
    }

    std::map<ModelTier, Cell> model_cells;
    std::map<TypeTier, Cell> type_cells;
    for (const auto& [key, shops] : by_model) {
        Cell& mc = model_cells[key];
        const auto& [prices, sellers] = sold[key];
        mc.transactions_published = !prices.empty() && sellers.size() >= options_.min_shops;
        if (mc.transactions_published) mc.transaction_median = median_of(prices);
        for (const auto& [shop, sm] : shops) {
            ShopQuote quote{shop, median_of(sm.prices), std::nullopt};
            if (mc.transaction_median) quote.premium = quote.price / *mc.transaction_median - 1.0;
            for (Cell* c : {&mc, &type_cells[TypeTier{sm.type, key.tier}]}) {
                c->quotes.push_back(quote);
                c->shops.insert(shop);
                c->offers += static_cast<std::int64_t>(sm.prices.size());
                c->quantity += sm.quantity;
                c->models.insert(key.canonical);
            }
        }
    }

    const auto cell_json = [&](json cell, const Cell& c, bool model) {
        const bool suppressed = c.shops.size() < options_.min_shops;
        cell["suppressed"] = suppressed;
        if (suppressed) {
            for (const char* k : {"shops", "offers", "quantity_available", "q1", "median", "q3", "premium"}) {
                cell[k] = nullptr;
            }
            return cell;
        }
        std::vector<double> prices;
        std::vector<double> premiums;
        std::set<std::int64_t> premium_shops;
        for (const auto& quote : c.quotes) {
            prices.push_back(quote.price);
            if (quote.premium) {
                premiums.push_back(*quote.premium);
                premium_shops.insert(quote.shop);
            }
        }
        const Quartiles qs = quartiles(prices);
        cell["shops"] = c.shops.size();
        cell["offers"] = c.offers;
        cell["quantity_available"] = c.quantity;
        if (!model) cell["models"] = c.models.size();
        cell["q1"] = yuan(qs.q1);
        cell["median"] = yuan(qs.median);
        cell["q3"] = yuan(qs.q3);
        if (model) {
            cell["transaction_median"] = c.transaction_median ? json(yuan(*c.transaction_median)) : json(nullptr);
            cell["transactions_suppressed"] = !c.transactions_published;
        }
        const bool premium_published = premium_shops.size() >= options_.min_shops;
        cell["premium"] = premium_published ? json(round4(median_of(premiums))) : json(nullptr);
        cell["premium_suppressed"] = !premium_published;
        if (!model) cell["premium_shops"] = premium_published ? json(premium_shops.size()) : json(nullptr);
        return cell;
    };

    json cells = json::array();
    std::size_t suppressed = 0;
    if (q.by == OfferGrouping::kType) {
        std::vector<const std::pair<const TypeTier, Cell>*> order;
        for (const auto& entry : type_cells) order.push_back(&entry);
        std::sort(order.begin(), order.end(), [](const auto* x, const auto* y) {
            return x->first.type != y->first.type ? x->first.type < y->first.type
                                                  : tier_rank(x->first.tier) < tier_rank(y->first.tier);
        });
        for (const auto* entry : order) {
            if (entry->second.shops.size() < options_.min_shops) ++suppressed;
            cells.push_back(cell_json(json{{"bearing_type", entry->first.type}, {"brand_tier", entry->first.tier}},
                                      entry->second, false));
        }
    } else {
        // Published model cells, most-quoted first; suppressed ones only counted (listed when one bearing is asked).
        std::vector<const std::pair<const ModelTier, Cell>*> shown;
        for (const auto& entry : model_cells) {
            if (entry.second.shops.size() < options_.min_shops) {
                ++suppressed;
                if (!only) continue;
            }
            shown.push_back(&entry);
        }
        std::sort(shown.begin(), shown.end(), [](const auto* x, const auto* y) {
            if (x->second.shops.size() != y->second.shops.size())
                return x->second.shops.size() > y->second.shops.size();
            if (x->first.canonical != y->first.canonical) return x->first.canonical < y->first.canonical;
            return tier_rank(x->first.tier) < tier_rank(y->first.tier);
        });
        for (std::size_t i = 0; i < std::min(q.limit, shown.size()); ++i) {
            const auto& [key, cell] = *shown[i];
            const std::string type = cell.quotes.empty() ? "" : by_model[key].begin()->second.type;
            cells.push_back(cell_json(
                json{{"canonical", key.canonical}, {"bearing_type", type}, {"brand_tier", key.tier}}, cell, true));
        }
    }
    json out = {{"from", fmt::format("{:04}-{:02}", q.from.year, q.from.month)},
                {"to", fmt::format("{:04}-{:02}", q.to.year, q.to.month)},
                {"by", q.by == OfferGrouping::kModel ? "model" : "type"},
                {"min_shops", options_.min_shops},
                {"method",
                 "per shop the median of its offers valid in the range; quartiles type 7 over shops; premium = shop "
                 "price / median transaction price of the same bearing x tier - 1, median over shops"},
                {"offers_waiting_review", waiting},
                {"cells_suppressed", suppressed},
                {"cells", cells}};
    if (only) out["canonical"] = *only;
    return out;
}

}  // namespace yandian::app
