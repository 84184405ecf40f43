// `yandian market import|index|turnover|offers|demo`: the bearing market on a store, for the operator on the machine.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/accounts.hpp"
#include "common/json_text.hpp"
#include "app/market_demo.hpp"
#include "app/market_offers.hpp"
#include "app/market_service.hpp"
#include "cli/commands.hpp"
#include "common/mapped_file.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct MarketOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string shop;  // the shop's organisation: id or code
    bool market_wide = false;
    std::string file;
    std::string from;
    std::string to;
    std::string by = "type";
    std::string frequency = "month";
    std::string method = "chain";
    int window = 0;
    int shops = 300;
    int models = 2000;
    bool force = false;  // market demo: even on a store with other organisations
    std::string canonical;
    int limit = 50;
};

int fail_with(const Error& error) {
    std::cerr << "yandian: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

int import_file(const MarketOptions& o) {
    if (!o.market_wide && o.shop.empty()) {
        return fail_with(Error{ErrorCode::kInvalidArgument, "give --shop ID|CODE or --market-wide", "--shop"});
    }
    auto file = MappedFile::open(o.file);
    if (!file) return fail_with(file.error());
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    std::int64_t shop_id = 0;
    if (!o.market_wide) {
        auto shop = app::lookup_organisation(**db, o.shop);
        if (!shop) return fail_with(Error{shop.error().code, shop.error().message, "--shop"});
        shop_id = shop->id;
    }
    app::MarketService market(**db, *o.clock);
    auto report = o.market_wide ? market.import_csv_market_wide(file->text())
                                : market.import_csv_for_shop(shop_id, file->text());
    if (!report) return fail_with(report.error());
    std::cout << json_text(app::to_json(*report), 2) << "\n";
    for (const auto& e : report->errors) {
        std::cerr << o.file << ":" << e.line << ": " << e.message << " (" << e.field << ")\n";
    }
    return report->errors.empty() ? 0 : 3;
}

// --from and --to as given; either may be left out (then the statistic's default range, taken from the data).
struct GivenRange {
    std::optional<app::Period> from;
    std::optional<app::Period> to;
};

Result<GivenRange> given_range(const MarketOptions& o) {
    GivenRange g;
    if (!o.from.empty()) {
        auto from = app::parse_period(o.from, "--from");
        if (!from) return tl::unexpected(from.error());
        g.from = *from;
    }
    if (!o.to.empty()) {
        auto to = app::parse_period(o.to, "--to");
        if (!to) return tl::unexpected(to.error());
        g.to = *to;
    }
    return g;
}

constexpr int kDefaultMonths = 12;  // as the API: the 12 months ending with the latest published one
constexpr int kOfferMonths = 4;

Result<app::Frequency> frequency(const std::string& f) {
    if (f == "month") return app::Frequency::kMonth;
    if (f == "week") return app::Frequency::kWeek;
    return fail(ErrorCode::kInvalidArgument, "--frequency must be month or week", "--frequency");
}

int index(const MarketOptions& o) {
    auto given = given_range(o);
    if (!given) return fail_with(given.error());
    auto by = app::parse_dimension(o.by);
    if (!by) return fail_with(by.error());
    auto f = frequency(o.frequency);
    if (!f) return fail_with(f.error());
    if (o.method != "chain" && o.method != "geks") {
        return fail_with(Error{ErrorCode::kInvalidArgument, "--method must be chain or geks", "--method"});
    }
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::MarketService market(**db, *o.clock);
    auto r = market.range_or_default(given->from, given->to, kDefaultMonths);
    if (!r) return fail_with(r.error());
    app::IndexQuery q;
    q.from = r->from;
    q.to = r->to;
    q.by = *by;
    q.frequency = *f;
    q.geks = o.method == "geks";
    q.geks_window = o.window > 0 ? o.window : (*f == app::Frequency::kWeek ? 53 : 13);
    auto result = market.price_index(q);
    if (!result) return fail_with(result.error());
    std::cout << result->dump(2) << "\n";
    return 0;
}

int turnover(const MarketOptions& o) {
    auto given = given_range(o);
    if (!given) return fail_with(given.error());
    auto by = app::parse_dimension(o.by);
    if (!by) return fail_with(by.error());
    app::AggregateQuery q;
    q.by = *by;
    if (o.frequency == "total") {
        q.by_period = false;
    } else {
        auto f = frequency(o.frequency);
        if (!f) return fail_with(f.error());
        q.frequency = *f;
    }
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::MarketService market(**db, *o.clock);
    auto r = market.range_or_default(given->from, given->to, kDefaultMonths);
    if (!r) return fail_with(r.error());
    q.from = r->from;
    q.to = r->to;
    auto result = market.turnover(q);
    if (!result) return fail_with(result.error());
    std::cout << result->dump(2) << "\n";
    return 0;
}

int demo(const MarketOptions& o) {
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::AccountService accounts(**db, app::AccountOptions{}, *o.clock);
    app::MarketService market(**db, *o.clock);
    // The demo's logins are public (printed in the README): on a store that holds real organisations it would open
    // doors. Only a new store, a store that has the demo already (a repeat adds nothing), or --force.
    auto organisations = (*db)->organisations().count();
    if (!organisations) return fail_with(organisations.error());
    if (*organisations > 0 && !o.force && !accounts.find_user_by_login("analyst")) {
        return fail_with(Error{ErrorCode::kFailedPrecondition,
                               fmt::format("the store holds {} organisation(s): the market demo adds {} fictitious shops "
                                           "and logins everyone knows (analyst / analyst-yandian); run it on a new "
                                           "store, or add --force",
                                           *organisations, o.shops),
                               "db"});
    }
    app::MarketDemoOptions options = app::market_demo_options((*o.clock)());
    options.shops = o.shops;
    options.models = o.models;
    auto summary = app::seed_market_demo(**db, accounts, market, *o.clock, options);
    if (!summary) return fail_with(summary.error());
    std::cout << json_text(nlohmann::json{{"created", summary->created},
                                          {"shops", summary->shops},
                                          {"transactions", summary->transactions},
                                          {"waiting_review", summary->waiting_review}})
              << "\n"
              << summary->banner << "\n";
    return 0;
}

int import_offers(const MarketOptions& o) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) return fail_with(Error{ErrorCode::kInvalidArgument, "cannot read " + o.file, "FILE"});
    std::stringstream text;
    text << in.rdbuf();
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    auto shop = app::lookup_organisation(**db, o.shop);
    if (!shop) return fail_with(Error{shop.error().code, shop.error().message, "--shop"});
    app::MarketOfferService offers(**db, *o.clock);
    auto report = offers.import_csv_for_shop(shop->id, text.str());
    if (!report) return fail_with(report.error());
    std::cout << json_text(app::to_json(*report), 2) << "\n";
    for (const auto& e : report->errors) {
        std::cerr << o.file << ":" << e.line << ": " << e.message << " (" << e.field << ")\n";
    }
    return report->errors.empty() ? 0 : 3;
}

int offer_summary(const MarketOptions& o) {
    auto given = given_range(o);
    if (!given) return fail_with(given.error());
    auto by = app::parse_offer_grouping(o.by);
    if (!by) return fail_with(by.error());
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::MarketOfferService offers(**db, *o.clock);
    auto r = offers.range_or_default(given->from, given->to, kOfferMonths);
    if (!r) return fail_with(r.error());
    app::OfferSummaryQuery q;
    q.from = r->from;
    q.to = r->to;
    q.by = *by;
    if (!o.canonical.empty()) q.canonical = o.canonical;
    q.limit = static_cast<std::size_t>(std::clamp(o.limit, 1, 1000));
    auto result = offers.summary(q);
    if (!result) return fail_with(result.error());
    std::cout << result->dump(2) << "\n";
    return 0;
}

void add_db(CLI::App& cmd, MarketOptions& o) {
    cmd.add_option("--db", o.db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
}

void add_range(CLI::App& cmd, MarketOptions& o) {
    cmd.add_option("--from", o.from, "first month YYYY-MM (default: counted back from --to)");
    cmd.add_option("--to", o.to,
                   "last month YYYY-MM, inclusive (default: the latest month with published figures)");
}

}  // namespace

void register_market_commands(CLI::App& app, Action& action, const Clock& clock) {
    CLI::App* market = app.add_subcommand("market", "Bearing market: import, price index, aggregates");
    market->require_subcommand(1);
    auto o = std::make_shared<MarketOptions>();
    o->clock = &clock;

    CLI::App* imp =
        market->add_subcommand("import", "Import a shop's (or the whole market's) transactions from a CSV file");
    add_db(*imp, *o);
    auto* shop =
        imp->add_option("--shop,--shop-org-id", o->shop, "the shop (merchant organisation) the rows belong to: id or code");
    auto* wide = imp->add_flag("--market-wide", o->market_wide,
                               "a market-wide export: the 'shop' column names each row's merchant organisation id");
    shop->excludes(wide);
    imp->add_option("FILE", o->file, "CSV: [shop,]time,designation,brand,quantity,unit_price,channel,region")
        ->required();
    imp->callback([&action, o] { action = [o] { return import_file(*o); }; });

    CLI::App* idx = market->add_subcommand("index", "Yandian bearing price index with sub-indices, as JSON");
    add_db(*idx, *o);
    add_range(*idx, *o);
    idx->add_option("--by", o->by, "sub-indices by type|tier|size|all")->capture_default_str();
    idx->add_option("--frequency", o->frequency, "month|week")->capture_default_str();
    idx->add_option("--method", o->method, "chain|geks")->capture_default_str();
    // The same bounds as the API's 'window' (2..60): a window of 1 or below is no comparison at all.
    idx->add_option("--window", o->window, "GEKS window in periods, 2..60 (default 13 months / 53 weeks)")
        ->check(CLI::Range(2, 60));
    idx->callback([&action, o] { action = [o] { return index(*o); }; });

    CLI::App* tov = market->add_subcommand("turnover", "Turnover and volume by group and period, as JSON");
    add_db(*tov, *o);
    add_range(*tov, *o);
    tov->add_option("--by", o->by, "type|tier|size|region|channel|all")->capture_default_str();
    tov->add_option("--frequency", o->frequency, "month|week|total")->capture_default_str();
    tov->callback([&action, o] { action = [o] { return turnover(*o); }; });

    CLI::App* off = market->add_subcommand("offers", "Shops' offers (asking prices): import, market summary");
    off->require_subcommand(1);
    CLI::App* off_imp = off->add_subcommand("import", "Import a shop's offers from a CSV file");
    add_db(*off_imp, *o);
    off_imp->add_option("--shop,--shop-org-id", o->shop, "the shop (merchant organisation) posting the offers: id or code")
        ->required();
    off_imp
        ->add_option("FILE", o->file,
                     "CSV: designation,brand,unit_price,quantity,min_order,channel,valid_from,valid_until")
        ->required();
    off_imp->callback([&action, o] { action = [o] { return import_offers(*o); }; });
    CLI::App* off_sum = off->add_subcommand("summary", "Offer aggregates per model or type and brand tier, as JSON");
    add_db(*off_sum, *o);
    add_range(*off_sum, *o);
    off_sum->add_option("--by", o->by, "type|model")->capture_default_str();
    off_sum->add_option("--canonical", o->canonical, "by model: only this bearing");
    off_sum->add_option("--limit", o->limit, "by model: published cells listed")->capture_default_str();
    off_sum->callback([&action, o] { action = [o] { return offer_summary(*o); }; });

    CLI::App* dem = market->add_subcommand("demo", "Add the synthetic market history (shops, analyst) to a store");
    add_db(*dem, *o);
    dem->add_option("--shops", o->shops, "number of shops")->capture_default_str();
    dem->add_option("--models", o->models, "number of models drawn from the catalogue")->capture_default_str();
    dem->add_flag("--force", o->force, "add the demo even to a store that holds other organisations");
    dem->callback([&action, o] { action = [o] { return demo(*o); }; });
}

}  // namespace yandian::cli
