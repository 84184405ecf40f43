#include "app/market_demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include "app/market_offers.hpp"
#include "catalog/catalog_json.hpp"
#include "catalog/designation.hpp"
#include "market/period.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

struct DemoBrand {
    std::string_view name;  // as shops write it
    int tier;               // 0 international, 1 Chinese top, 2 domestic, 3 unbranded
};

constexpr DemoBrand kBrands[] = {
    {"SKF", 0},    {"FAG", 0}, {"NSK", 0},  {"NTN", 0},  {"KOYO", 0}, {"NACHI", 0}, {"TIMKEN", 0},
    {"斯凯孚", 0}, {"ZWZ", 1}, {"瓦轴", 1}, {"LYC", 1},  {"HRB", 1},  {"C&U", 1},   {"人本", 1},
    {"临清星", 2}, {"LQB", 2}, {"烟店", 2}, {"鲁轴", 2}, {"HXB", 2},  {"", 3},      {"无牌", 3},
};
// Price level of a tier relative to a domestic brand, and its monthly price drift.
constexpr double kTierLevel[] = {3.2, 1.7, 1.0, 0.62};
constexpr double kTierDrift[] = {0.0045, 0.0030, 0.0020, 0.0010};

constexpr std::string_view kRegions[] = {"山东", "河北", "河南", "江苏",   "浙江",
                                         "广东", "辽宁", "四川", "东南亚", "中东"};

// The month of the Spring Festival (Chinese New Year, the first day of the first lunar month), which sells least:
// January in 2020 (01-25), 2023 (01-22), 2025 (01-29), 2028 (01-26), 2031 (01-23), 2033 (01-31), 2036 (01-28),
// 2039 (01-24), 2042 (01-22), 2044 (01-30), 2047 (01-26), 2050 (01-23); February in the other years of 2020-2050
// (Hong Kong Observatory, Gregorian-lunar calendar conversion tables). Outside that span: February, its usual month.
int spring_festival_month(int year) {
    switch (year) {
        case 2020:
        case 2023:
        case 2025:
        case 2028:
        case 2031:
        case 2033:
        case 2036:
        case 2039:
        case 2042:
        case 2044:
        case 2047:
        case 2050:
            return 1;
        default:
            return 2;
    }
}

double season(int year, int month) {
    const int sf = spring_festival_month(year);
    if (month == sf) return 0.55;
    if (month == sf + 1 || month == sf - 1) return 0.85;
    if (month == 3 || month == 4 || month == 9 || month == 10) return 1.15;
    if (month == 7 || month == 8) return 0.95;
    return 1.0;
}

struct Model {
    std::string designation;  // basic designation
    double base_fen = 0;      // domestic price level
    double popularity = 1;
};

class Generator {
  public:
    explicit Generator(const MarketDemoOptions& o) : o_(o) {
        const auto& entries = catalog::default_catalog().entries();
        std::vector<std::size_t> pick(entries.size());
        for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
        std::mt19937_64 rng(o.seed);
        std::shuffle(pick.begin(), pick.end(), rng);
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(o.models), pick.size());
        std::sort(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(n));
        for (std::size_t k = 0; k < n; ++k) {
            const auto& e = entries[pick[k]];
            const double D = e.dims.D > 0 ? e.dims.D : 60.0;
            Model m;
            m.designation = e.designation;
            m.base_fen = 450.0 * std::pow(D / 20.0, 1.7);
            // Popular series sell more: 62xx/63xx deep-groove and small bearings.
            const bool popular = e.designation.rfind("62", 0) == 0 || e.designation.rfind("63", 0) == 0 ||
                                 e.designation.rfind("60", 0) == 0;
            m.popularity = (popular ? 4.0 : 1.0) * (D < 120 ? 1.5 : 0.5);
            models_.push_back(std::move(m));
        }
    }

    DemoRows shop(int index) const {
        DemoRows out;
        if (models_.empty()) return out;
        std::mt19937_64 rng(o_.seed * 1000003ULL + static_cast<std::uint64_t>(index));
        std::uniform_real_distribution<double> u(0.0, 1.0);
        std::normal_distribution<double> z(0.0, 1.0);
        const bool outlier = index < o_.outlier_shops;
        const double shop_level = std::exp(0.05 * z(rng));
        const std::string_view region_home = kRegions[static_cast<std::size_t>(index) % 8];
        struct Line {
            std::size_t model;
            std::size_t brand;
        };
        std::vector<Line> lines;
        std::discrete_distribution<std::size_t> by_popularity = popularity();
        for (int k = 0; k < o_.items_per_shop; ++k) {
            std::size_t brand = static_cast<std::size_t>(u(rng) * std::size(kBrands)) % std::size(kBrands);
            if (outlier) brand = static_cast<std::size_t>(k % 7);  // international names only
            lines.push_back(Line{by_popularity(rng), brand});
        }
        const auto first = *market::month_key(o_.from.year, o_.from.month);
        const auto last = *market::month_key(o_.to.year, o_.to.month);
        for (auto key = first; key <= last; ++key) {
            const market::YearMonth ym = market::month_of_key(key);
            const int months_in = key - first;
            const double s = season(ym.year, ym.month);
            for (const Line& line : lines) {
                if (u(rng) > 0.75) continue;
                const Model& m = models_[line.model];
                const int tier = kBrands[line.brand].tier;
                const double level = outlier ? 0.35 * kTierLevel[0] : kTierLevel[tier];
                const double price = m.base_fen * level * shop_level * std::pow(1.0 + kTierDrift[tier], months_in) *
                                     std::exp(0.03 * z(rng));
                const int sales = 1 + static_cast<int>(u(rng) * 2.0 * s);
                for (int k = 0; k < sales; ++k) {
                    RawTransaction r;
                    const int day = 1 + static_cast<int>(u(rng) * 28.0);
                    r.time = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", ym.year, ym.month, day,
                                         8 + static_cast<int>(u(rng) * 10), static_cast<int>(u(rng) * 60));
                    r.designation = spelling(m.designation, u(rng));
                    r.brand = std::string(kBrands[line.brand].name);
                    const double q =
                        std::max(1.0, std::round(m.popularity * s * 20.0 * -std::log(1.0 - u(rng) * 0.98)));
                    r.quantity = std::to_string(static_cast<std::int64_t>(q));
                    r.unit_price = format_yuan(std::max<std::int64_t>(1, std::llround(price)));
                    const double c = u(rng);
                    r.channel = c < 0.7 ? "offline" : (c < 0.9 ? "online" : "export");
                    r.region = std::string(
                        c >= 0.9 ? kRegions[8 + static_cast<std::size_t>(day % 2)]
                                 : (u(rng) < 0.6 ? region_home : kRegions[static_cast<std::size_t>(day) % 8]));
                    out.rows.push_back(std::move(r));
                }
            }
        }
        return out;
    }

  private:
    std::discrete_distribution<std::size_t> popularity() const {
        std::vector<double> w;
        w.reserve(models_.size());
        for (const Model& m : models_) w.push_back(m.popularity);
        return std::discrete_distribution<std::size_t>(w.begin(), w.end());
    }

    // Shops write the same bearing in several ways; a few spellings the catalogue cannot read go to review.
    static std::string spelling(const std::string& basic, double r) {
        if (r < 0.004) return basic + " 轴承(拆机)";  // "removed from a machine": not a designation
        if (r < 0.25) {
            std::string lower = basic;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return lower;
        }
        if (r < 0.35) return " " + basic + " ";
        return basic;
    }

    MarketDemoOptions o_;
    std::vector<Model> models_;
};

// A shop's standing offers at the end of the demo range: one per (designation, brand) it sold in the last three
// months, asking its median sale price there with a markup of 4-12 % (room to bargain), valid from the first of
// those months to two months after the range.
std::vector<RawOffer> demo_offers(const MarketDemoOptions& o, int index, const DemoRows& rows) {
    const auto last = *market::month_key(o.to.year, o.to.month);
    const market::YearMonth first = market::month_of_key(last - 2);
    const std::string since = fmt::format("{:04}-{:02}", first.year, first.month);
    std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> prices;
    for (const RawTransaction& r : rows.rows) {
        if (r.time.substr(0, 7) < since) continue;
        auto fen = parse_yuan(r.unit_price);
        if (fen) prices[{fold_raw_designation(r.designation), r.brand}].push_back(*fen);
    }
    std::mt19937_64 rng(o.seed * 7919ULL + static_cast<std::uint64_t>(index));
    std::uniform_real_distribution<double> u(0.0, 1.0);
    // Valid to the end of the second month after the range, so the demo shows standing offers too.
    const market::YearMonth end = market::month_of_key(last + 2);
    std::string until;
    for (int day = 31; day >= 28 && until.empty(); --day) {
        const std::string date = fmt::format("{:04}-{:02}-{:02}", end.year, end.month, day);
        if (parse_market_time(date)) until = date;
    }
    std::vector<RawOffer> offers;
    for (auto& [key, p] : prices) {
        std::sort(p.begin(), p.end());
        const double median = static_cast<double>(p[p.size() / 2]);
        RawOffer offer;
        offer.designation = key.first;
        offer.brand = key.second;
        offer.unit_price = format_yuan(std::max<std::int64_t>(1, std::llround(median * (1.04 + 0.08 * u(rng)))));
        const int quantity = 20 * (1 + static_cast<int>(u(rng) * 50));
        offer.quantity = std::to_string(quantity);
        offer.min_order = std::to_string(u(rng) < 0.5 ? 1 : 10);
        offer.channel = u(rng) < 0.8 ? "offline" : "online";
        offer.valid_from = since + "-01";
        offer.valid_until = until;
        offers.push_back(std::move(offer));
    }
    return offers;
}

}  // namespace

MarketDemoOptions market_demo_options(TimePoint today, int months) {
    const auto days = std::chrono::floor<std::chrono::days>(today);
    const std::chrono::year_month_day date{days};
    const auto this_month = *market::month_key(static_cast<int>(date.year()), static_cast<int>(unsigned(date.month())));
    MarketDemoOptions options;
    const market::YearMonth last = market::month_of_key(this_month - 1);
    const market::YearMonth first = market::month_of_key(this_month - std::max(1, months));
    options.from = Period{first.year, first.month};
    options.to = Period{last.year, last.month};
    return options;
}

DemoRows generate_shop_rows(const MarketDemoOptions& options, int shop_index) {
    return Generator(options).shop(shop_index);
}

Result<MarketDemoSummary> seed_market_demo(store::Database& db, AccountService& accounts, MarketService& market,
                                           const Clock& clock, const MarketDemoOptions& options) {
    MarketDemoSummary summary;
    summary.analyst_login = "analyst";
    summary.analyst_password = "analyst-yandian";
    summary.shop_login = "shop1";
    summary.shop_password = "shop1-yandian";
    summary.banner = fmt::format(
        "Market analyst login: {} / {} (association: aggregates only)\n"
        "Market shop login: {} / {} (a shop: its own transactions and aggregates)",
        summary.analyst_login, summary.analyst_password, summary.shop_login, summary.shop_password);
    if (accounts.find_user_by_login(summary.analyst_login)) return summary;

    const Generator generator(options);
    MarketOfferService offer_service(db, clock);
    std::vector<std::int64_t> shop_ids;
    auto done = db.in_transaction([&]() -> Status {
        for (int i = 0; i < options.shops; ++i) {
            auto org = accounts.create_organisation(fmt::format("烟店轴承商铺 {:03} Yandian Shop {:03}", i + 1, i + 1),
                                                    OrgKind::kMerchant);
            if (!org) return tl::unexpected(org.error());
            shop_ids.push_back(org->id);
            DemoRows rows = generator.shop(i);
            std::vector<std::size_t> lines(rows.rows.size());
            for (std::size_t k = 0; k < lines.size(); ++k) lines[k] = k + 2;
            auto report = market.import_rows_for_shop(org->id, rows.rows, lines);
            if (!report) return tl::unexpected(report.error());
            if (!report->errors.empty()) {
                return fail(ErrorCode::kInternal, "demo row refused: " + report->errors.front().message, "demo");
            }
            summary.transactions += report->inserted;
            summary.waiting_review += report->waiting_review;
            const std::vector<RawOffer> offers = demo_offers(options, i, rows);
            auto posted = offer_service.import_offers_for_shop(org->id, offers, std::vector<std::size_t>(offers.size()));
            if (!posted) return tl::unexpected(posted.error());
            if (!posted->errors.empty()) {
                return fail(ErrorCode::kInternal, "demo offer refused: " + posted->errors.front().message, "demo");
            }
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    auto association =
        accounts.create_organisation("临清市轴承行业协会 Linqing Bearing Industry Association", OrgKind::kAssociation);
    if (!association) return tl::unexpected(association.error());
    auto analyst = accounts.create_user(association->id, summary.analyst_login, summary.analyst_password,
                                        Role::kAnalyst, "Market Analyst 市场分析员");
    if (!analyst) return tl::unexpected(analyst.error());
    if (!shop_ids.empty()) {
        auto shop_user = accounts.create_user(shop_ids.front(), summary.shop_login, summary.shop_password, Role::kAdmin,
                                              "Shop 001 店主");
        if (!shop_user) return tl::unexpected(shop_user.error());
    }
    summary.created = true;
    summary.shops = options.shops;
    return summary;
}

}  // namespace yandian::app
