#pragma once
// Store port of the bearing market: the shops' (merchant organisations') transactions, kept as columnar blocks
// (store/market_block.hpp) whose strings are ids in three dictionaries: designations as written with their
// normalisation through the catalogue, brands as written with their normalised brand and tier, and regions.
// A designation without a canonical form waits in the review queue; its rows enter no aggregate until a resolution
// gives it one, which then holds for every row written that way, stored or to come.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/market_block.hpp"

namespace yandian::store {

// A raw designation as written (trimmed) and what it normalises to; canonical "" = waiting for review.
struct MarketDesignation {
    std::uint32_t id = 0;
    std::string raw_designation;
    std::string raw_key;  // folded for matching (upper case, single spaces): the review queue groups by it
    std::string canonical;
    std::string bearing_type;   // catalogue type name ("deep_groove_ball", ...); "" while waiting
    std::string size_class;     // "micro" ... "extra_large"; "" while waiting
    std::string series;         // "62", "NU2", "222"; "" while waiting or unknown
    std::string implied_brand;  // brand the designation names ("SKF 6205"), "" if none
};

// A brand as written and its normalisation.
struct MarketBrand {
    std::uint32_t id = 0;
    std::string raw_brand;
    std::string brand;  // "SKF", "ZWZ", "" when unbranded
    std::string tier;   // international | chinese_top | domestic | unbranded
};

// The dictionaries, indexed by id (index 0 and ids never used hold empty entries).
struct MarketDictionaries {
    std::vector<MarketDesignation> designations;
    std::vector<MarketBrand> brands;
    std::vector<std::string> regions;
};

// A stored transaction with its strings, for listings.
struct MarketTransactionRecord {
    std::int64_t id = 0;
    std::int64_t shop_org_id = 0;
    std::int64_t time_ms = 0;
    std::string raw_designation;
    std::string raw_key;
    std::string raw_brand;
    std::int64_t quantity = 0;
    std::int64_t unit_price_fen = 0;
    std::string channel;  // offline | online | export
    std::string region;
    std::string canonical;  // "" = waiting for review
    std::string bearing_type;
    std::string size_class;
    std::string brand;
    std::string brand_tier;
    std::int64_t row_key = 0;
};

std::string_view market_channel_name(std::uint8_t channel);  // 0 offline, 1 online, 2 export

struct MarketScanFilter {
    std::int64_t from_ms = 0;  // inclusive
    std::int64_t to_ms = 0;    // exclusive
    std::optional<std::int64_t> shop_org_id;
};

struct MarketCellFilter {
    std::int32_t from_month = 0;  // inclusive, year * 12 + month - 1
    std::int32_t to_month = 0;    // inclusive
    std::optional<std::int64_t> shop_org_id;
};

struct ReviewQueueEntry {
    std::string raw_designation;  // as first written
    std::string raw_key;          // the folded text the resolution is keyed by
    std::int64_t rows = 0;
    std::int64_t shops = 0;
    std::int64_t first_time_ms = 0;
};

struct DesignationResolution {
    std::string raw_key;
    std::string canonical;
    std::string bearing_type;
    std::string size_class;
    std::int64_t resolved_by = 0;  // user id
    std::string resolved_at;
    std::string series;
};

class MarketStore {
  public:
    virtual ~MarketStore() = default;

    // Dictionary entries: the id of the entry with this raw text, created from `entry` when new (an existing
    // entry keeps its normalisation). Entries are never deleted; scan and scan_cells hand them out.
    virtual Result<std::uint32_t> intern_designation(const MarketDesignation& entry) = 0;
    virtual Result<std::uint32_t> intern_brand(const MarketBrand& entry) = 0;
    virtual Result<std::uint32_t> intern_region(std::string_view name) = 0;
    virtual Result<std::optional<MarketDesignation>> find_designation(std::string_view raw_designation) = 0;

    // Inserts the rows (dictionary ids must exist); a row whose (shop_org_id, row_key) is already stored, or comes
    // twice, is skipped. All rows are written in one transaction. Returns the number of rows inserted.
    virtual Result<std::int64_t> insert_rows(std::span<const MarketRow> rows) = 0;

    // Rows of one shop (or of all shops), by id, after `after_id`, at most `limit`.
    virtual Result<std::vector<MarketTransactionRecord>> list_transactions(std::optional<std::int64_t> shop_org_id,
                                                                           std::int64_t from_ms, std::int64_t to_ms,
                                                                           std::int64_t after_id,
                                                                           std::int64_t limit) = 0;
    virtual Result<std::int64_t> count_transactions(std::optional<std::int64_t> shop_org_id) = 0;

    // Calls `dictionaries` once, with the dictionaries and an upper bound of the rows to come (for reserving), then
    // `rows` with the stored rows in the filter's range, one block (rows of one shop) at a time; waiting rows are
    // included (their designation has no canonical form). The dictionaries cover every id the rows use: both are
    // read under one lock.
    virtual Status scan(const MarketScanFilter& filter,
                        const std::function<void(const MarketDictionaries&, std::int64_t rows_at_most)>& dictionaries,
                        const std::function<void(std::int64_t shop_org_id, const MarketColumns& rows)>& rows) = 0;

    // The same for the monthly cells of the rows (quantity, value and transaction count summed by month,
    // designation, brand counted, region and channel): one call per stored cell block, cells outside the months
    // dropped; a key may come in several blocks (sum them).
    virtual Status scan_cells(
        const MarketCellFilter& filter,
        const std::function<void(const MarketDictionaries&, std::int64_t cells_at_most)>& dictionaries,
        const std::function<void(std::int64_t shop_org_id, const MarketCells& cells)>& cells) = 0;

    // Changes whenever a row is added or a designation re-normalised.
    virtual Result<std::string> version() = 0;

    // Raw designations waiting for review (grouped by raw_key), optionally of one shop's rows only.
    virtual Result<std::vector<ReviewQueueEntry>> review_queue(std::optional<std::int64_t> shop_org_id) = 0;
    virtual Result<std::optional<DesignationResolution>> find_resolution(std::string_view raw_key) = 0;
    virtual Result<std::vector<DesignationResolution>> list_resolutions() = 0;
    // Records (or replaces) the resolution and gives its normalisation to every waiting designation with this
    // raw_key; returns the number of stored rows re-normalised.
    virtual Result<std::int64_t> resolve(const DesignationResolution& resolution) = 0;
};

}  // namespace yandian::store
