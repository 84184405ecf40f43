#pragma once
// The bearing market big-data centre: import of the shops' transactions (CSV or JSON rows), their normalisation
// through the catalogue (canonical designation, bearing type, size class, brand and brand tier), the review queue of
// designations the catalogue cannot read, and the published statistics: the Yandian bearing price index and its
// sub-indices, turnover and volume, top and fastest-moving models, price dispersion, demand forecasts and price
// outliers (docs/market/).
//
// Privacy: a shop (merchant organisation) imports and reads its own transactions; every other figure is a market
// aggregate in which a cell built from fewer than 5 distinct shops is suppressed (null + "suppressed"), for every
// caller alike, the shop included. No route reveals another shop's rows or identity.
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "common/result.hpp"
#include "store/market_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

enum class BrandTier { kInternational, kChineseTop, kDomestic, kUnbranded };
std::string_view to_string(BrandTier tier);  // "international", "chinese_top", "domestic", "unbranded"

struct BrandInfo {
    std::string brand;  // normalised name ("SKF", "ZWZ", "LINQING STAR"); "" when unbranded
    BrandTier tier = BrandTier::kUnbranded;
};

// Brand as written ("skf", "斯凯孚", "Schaeffler", "瓦轴", "无牌", "") -> normalised brand and tier. Names not in the
// table of international and Chinese top-tier makers are domestic brands (folded to upper case).
BrandInfo classify_brand(std::string_view raw_brand);

struct NormalisedDesignation {
    std::string canonical;     // "6205-2RS C3"
    std::string bearing_type;  // catalogue type name
    std::string size_class;    // by outside diameter D
    std::string brand;         // brand implied by the designation ("SKF 6205"), "" if none
    std::string series;        // series with its type prefix: "62", "NU2", "222", "302"
};

// Size class by outside diameter D in mm (the Chinese industry classification): micro D <= 26, small 28..55,
// medium_small 60..115, medium_large 120..190, large 200..430, extra_large >= 440; "unknown" when D is not known.
std::string_view size_class_of_outer_diameter(double outer_mm);

// Raw designation as written -> canonical bearing through the bundled catalogue; fails (kInvalidArgument naming the
// position) when the parser does not read it or the catalogue has no dimensions for it.
Result<NormalisedDesignation> normalise_designation(std::string_view raw);

// The review-queue key of a raw designation: trimmed, upper case (ASCII), runs of spaces folded to one.
std::string fold_raw_designation(std::string_view raw);

// The kind of an organisation; kNotFound naming the id when there is none.
Result<OrgKind> organisation_kind(store::Database& db, std::int64_t org_id);
// Sales and offers are imported for shops only: kInvalidArgument naming the organisation otherwise.
Status require_shop_organisation(store::Database& db, std::int64_t org_id, std::string_view field);

// Money: "12.50" (yuan, at most 2 decimals) <-> 1250 fen.
Result<std::int64_t> parse_yuan(std::string_view text, std::string_view field = "unit_price");
std::string format_yuan(std::int64_t fen);

// Time as written: "2026-03-14", "2026-03-14 10:30", "2026-03-14T10:30:05Z", "2026-03-14T10:30:05.123Z".
Result<std::int64_t> parse_market_time(std::string_view text);
std::string format_market_time(std::int64_t time_ms);

// A field of a JSON import row as text: a string, or an integer when allow_number; absent or null leaves `out`
// as it is; any other type records the field's name in `bad_field` (the first such field only).
void read_text_field(const nlohmann::json& row, std::string_view name, std::string& out, bool allow_number,
                     std::string& bad_field);

struct MarketRowError {
    std::size_t line = 0;  // CSV: physical line (1 = header); JSON: index of the row from 0
    std::string field;
    std::string message;
};

struct MarketImportReport {
    std::int64_t rows = 0;               // records read
    std::int64_t inserted = 0;           // new rows stored
    std::int64_t duplicates = 0;         // rows already stored by an earlier import
    std::int64_t waiting_review = 0;     // rows read (new or already stored) whose designation waits for review
    std::vector<MarketRowError> errors;  // rows refused, each with its line and field
};

nlohmann::json to_json(const MarketImportReport& report);

// One transaction as received (JSON row or CSV record), before validation.
struct RawTransaction {
    std::string time;
    std::string designation;
    std::string brand;
    std::string quantity;
    std::string unit_price;  // decimal yuan
    std::string channel;
    std::string region;
};

struct Period {
    int year = 0;
    int month = 0;
};

struct PeriodRange {
    Period from;
    Period to;  // inclusive
};

// How far the market data reaches: the first and last month with any row, and the latest month whose market-wide
// figures are published (rows from at least min_shops shops). nullopt when there is none.
struct MarketCoverage {
    std::optional<Period> first_month;
    std::optional<Period> last_month;
    std::optional<Period> published_through;
    std::uint32_t min_shops = 5;
};

// The range of a statistic when the caller leaves an end out: the end is `through` (the latest month with
// published figures), the start `months` months before the end. Ranges come from the data, never from the calendar:
// a store whose latest figures are weeks old still opens on them. kNotFound when an end is missing and no month is
// published yet.
Result<PeriodRange> range_or_default(std::optional<Period> from, std::optional<Period> to,
                                     std::optional<Period> through, int months, std::uint32_t min_shops);

enum class Frequency { kMonth, kWeek };
enum class Dimension { kType, kTier, kSize, kRegion, kChannel, kSeries, kAll };
Result<Dimension> parse_dimension(std::string_view text);  // type | tier | size | region | channel | series | all

struct IndexQuery {
    Period from;                      // base period = 100 (the first month, or the ISO week holding its first day)
    Period to;                        // inclusive
    Dimension by = Dimension::kType;  // sub-indices: type, tier or size
    Frequency frequency = Frequency::kMonth;
    bool geks = false;     // chained (default) or rolling-window GEKS-Tornqvist
    int geks_window = 13;  // periods
};

struct AggregateQuery {
    Period from;
    Period to;  // inclusive
    Dimension by = Dimension::kType;
    Frequency frequency = Frequency::kMonth;
    bool by_period = true;  // false: one cell per group over the whole range
};

struct MarketOptions {
    std::uint32_t min_shops = 5;  // disclosure threshold for every published cell
    std::size_t import_batch_rows = 50000;
};

// A shop's sales of one month and channel (sums of its transactions).
struct ShopMonthSales {
    int month = 0;  // year * 12 + month - 1
    std::string channel;
    std::int64_t value_fen = 0;
    std::int64_t transactions = 0;
};

class MarketService {
  public:
    MarketService(store::Database& db, Clock clock, MarketOptions options = {});

    // Import of a shop's rows. `who` must belong to the merchant organisation the rows are for (API); the CLI
    // calls import_for_shop directly after checking that shop_org_id is a merchant.
    Result<MarketImportReport> import_csv(const Principal& who, std::string_view text);
    Result<MarketImportReport> import_json(const Principal& who, const nlohmann::json& body);
    Result<MarketImportReport> import_csv_for_shop(std::int64_t shop_org_id, std::string_view text);
    // A market-wide export (the market's payment or POS system, for the operator on the machine): the `shop`
    // column names each row's merchant organisation by id. Rows for an unknown or non-merchant organisation are
    // refused by line.
    Result<MarketImportReport> import_csv_market_wide(std::string_view text);
    Result<MarketImportReport> import_rows_for_shop(std::int64_t shop_org_id, const std::vector<RawTransaction>& rows,
                                                    const std::vector<std::size_t>& lines);

    // One shop's sales by month and channel, months [from_month, to_month], for a service that enforces its own access
    // (the credit service reads them only for the firm itself or under the firm's consent).
    Result<std::vector<ShopMonthSales>> shop_month_sales(std::int64_t shop_org_id, int from_month, int to_month);

    // The caller's own transactions (merchants only).
    Result<nlohmann::json> own_transactions(const Principal& who, std::int64_t after_id, std::int64_t limit);

    Result<nlohmann::json> review_queue(const Principal& who);
    // Resolves a raw designation to a canonical one (which the catalogue must read) for all waiting and later rows.
    Result<nlohmann::json> resolve(const Principal& who, std::string_view raw, std::string_view canonical);

    // Published statistics (suppressed cells: value null, "suppressed": true).
    Result<nlohmann::json> price_index(const Principal& who, const IndexQuery& query);
    Result<nlohmann::json> turnover(const Principal& who, const AggregateQuery& query);
    Result<nlohmann::json> top_models(const Principal& who, Period from, Period to, std::size_t limit);
    Result<nlohmann::json> dispersion(const Principal& who, Period from, Period to, std::size_t limit);
    Result<nlohmann::json> forecast(const Principal& who, Period from, Period to, int horizon, int holdout);
    Result<nlohmann::json> outliers(const Principal& who, Period from, Period to, double threshold);

    // How far the data reaches (any member may ask: it reveals months only, no figure).
    Result<MarketCoverage> coverage(const Principal& who);
    Result<MarketCoverage> coverage();
    // range_or_default() with this store's coverage.
    Result<PeriodRange> range_or_default(std::optional<Period> from, std::optional<Period> to, int months);

    // The same without a caller, for the CLI and the benchmark (aggregates only).
    Result<nlohmann::json> price_index(const IndexQuery& query);
    Result<nlohmann::json> turnover(const AggregateQuery& query);

    // The normalised rows of the last range read, as columns; reused while the store's market version is unchanged.
    struct Cache;

  private:
    Status require_member(const Principal& who);

    store::Database& db_;
    Clock clock_;
    MarketOptions options_;
    std::shared_ptr<Cache> cache_;
};

Result<Period> parse_period(std::string_view text, std::string_view field);  // "2026-03"

}  // namespace yandian::app
