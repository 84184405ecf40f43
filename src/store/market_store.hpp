#pragma once
// Store port of the bearing market: transactions of the shops (merchant organisations) as written and as
// normalised through the catalogue, and the resolutions of the review queue (raw designation -> canonical).
// A transaction whose `canonical` is empty waits in the review queue and enters no aggregate.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct MarketTransactionRecord {
    std::int64_t id = 0;
    std::int64_t shop_org_id = 0;
    std::int64_t time_ms = 0;  // UTC, milliseconds since 1970-01-01
    std::string raw_designation;
    std::string raw_key;  // raw designation folded for matching (upper case, single spaces): review queue key
    std::string raw_brand;
    std::int64_t quantity = 0;
    std::int64_t unit_price_fen = 0;
    std::string channel;       // offline | online | export
    std::string region;        // buyer region as written (trimmed)
    std::string canonical;     // canonical designation; "" = waiting for review
    std::string bearing_type;  // catalogue type name ("deep_groove_ball", ...); "" while waiting
    std::string size_class;    // "micro" | "small" | "medium" | "large" | "extra_large"; "" while waiting
    std::string brand;         // normalised brand ("SKF", "ZWZ", "" when unbranded)
    std::string brand_tier;    // international | chinese_top | domestic | unbranded
    std::int64_t row_key = 0;  // identity of the row within its shop: re-imports with the same key are ignored
};

// What the aggregations read: one normalised transaction, strings borrowed for the duration of the callback.
struct MarketScanRow {
    std::int64_t shop_org_id = 0;
    std::int64_t time_ms = 0;
    std::string_view canonical;
    std::string_view bearing_type;
    std::string_view size_class;
    std::string_view brand_tier;
    std::string_view region;
    std::string_view channel;
    std::int64_t quantity = 0;
    std::int64_t unit_price_fen = 0;
};

struct MarketScanFilter {
    std::int64_t from_ms = 0;  // inclusive
    std::int64_t to_ms = 0;    // exclusive
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
};

class MarketStore {
  public:
    virtual ~MarketStore() = default;

    // Inserts the rows; a row whose (shop_org_id, row_key) is already stored is skipped. Returns the number of
    // rows inserted. All rows are written in one transaction.
    virtual Result<std::int64_t> insert_transactions(std::span<const MarketTransactionRecord> rows) = 0;
    // Rows of one shop (or of all shops when shop_org_id is empty), by id, after `after_id`, at most `limit`.
    virtual Result<std::vector<MarketTransactionRecord>> list_transactions(std::optional<std::int64_t> shop_org_id,
                                                                           std::int64_t from_ms, std::int64_t to_ms,
                                                                           std::int64_t after_id,
                                                                           std::int64_t limit) = 0;
    virtual Result<std::int64_t> count_transactions(std::optional<std::int64_t> shop_org_id) = 0;
    // Calls `row` for every normalised transaction in the filter's time range, in no particular order.
    virtual Status scan(const MarketScanFilter& filter, const std::function<void(const MarketScanRow&)>& row) = 0;

    // Changes whenever a row is added or re-normalised (rows are never deleted): the highest row id, the number of
    // waiting rows and the resolutions' count and latest time.
    virtual Result<std::string> version() = 0;

    // Raw designations waiting for review (grouped by raw_key), optionally of one shop's rows only.
    virtual Result<std::vector<ReviewQueueEntry>> review_queue(std::optional<std::int64_t> shop_org_id) = 0;
    virtual Result<std::optional<DesignationResolution>> find_resolution(std::string_view raw_key) = 0;
    virtual Result<std::vector<DesignationResolution>> list_resolutions() = 0;
    // Records (or replaces) the resolution and applies it to every waiting row with this raw_key; returns the
    // number of rows re-normalised.
    virtual Result<std::int64_t> resolve(const DesignationResolution& resolution) = 0;
};

}  // namespace yandian::store
