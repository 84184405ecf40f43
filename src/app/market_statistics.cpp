// Market service: the published statistics (price index, turnover, top models, dispersion, forecast, outliers).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

#include "app/market_data.hpp"
#include "app/market_service.hpp"
#include "market/holt_winters.hpp"
#include "market/outliers.hpp"
#include "market/price_index.hpp"
#include "market/turnover.hpp"
#include "store/database.hpp"

namespace yandian::app {

using market_detail::Groups;
using market_detail::groups_of;
using market_detail::kTiers;
using market_detail::load_aggregable;
using market_detail::load_range;
using market_detail::MarketData;
using market_detail::period_label;
using market_detail::Range;
using market_detail::range_of;
using nlohmann::json;

namespace {

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
