// Market service: import of a shop's rows (CSV, JSON) and of market-wide CSV exports; validation, normalisation and
// row keys.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "app/market_data.hpp"
#include "app/market_json_rows.hpp"
#include "app/market_service.hpp"
#include "common/content_hash.hpp"
#include "common/csv.hpp"
#include "store/database.hpp"

namespace yandian::app {

using market_detail::trim;
using nlohmann::json;

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
            // The shop by id or by its organisation code, as people write it.
            Result<std::int64_t> answer = fail(ErrorCode::kInvalidArgument,
                                               fmt::format("'shop' must name a merchant organisation by id or code, "
                                                           "got '{}'",
                                                           shop),
                                               "shop");
            if (!shop.empty()) {
                if (auto org = lookup_organisation(db_, shop); org) {
                    answer = org->id;
                    if (auto shop_ok = require_shop_organisation(db_, org->id, "shop"); !shop_ok) {
                        answer = tl::unexpected(shop_ok.error());
                    }
                } else if (org.error().code != ErrorCode::kNotFound) {
                    answer = tl::unexpected(org.error());
                }
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

}  // namespace yandian::app
