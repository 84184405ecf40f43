// `yandian credit scorecard`: reads the training (and test) CSV and the spec, runs the scorecard pipeline of the
// credit core, prints the result as JSON or as a readable card.
// `yandian credit consent grant|revoke|list` and `yandian credit report`: consented credit reports for the operator on
// the machine (docs/credit/reports.md); the same rules as the API: a lender reads only under a live consent, and
// every read is logged.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "app/credit/credit_service.hpp"
#include "app/live_hub.hpp"
#include "app/market_service.hpp"
#include "app/spc_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "common/csv.hpp"
#include "common/result.hpp"
#include "credit/scorecard.hpp"
#include "credit/scorecard_json.hpp"
#include "store/database.hpp"

namespace yandian::cli {
namespace {

int report(const Error& e) {
    std::cerr << "yandian credit: " << e.message << "\n";
    return exit_code(e.code);
}

Result<std::string> read_text(const std::string& path, const char* option) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kInvalidArgument, fmt::format("{}: cannot read file '{}'", option, path), option);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result<csv::Table> read_csv(const std::string& path, const char* option) {
    auto text = read_text(path, option);
    if (!text) return tl::unexpected(text.error());
    auto table = csv::parse(*text);
    if (!table) return fail(ErrorCode::kInvalidArgument, path + ": " + table.error().message, table.error().field);
    return table;
}

struct ScorecardOpts {
    std::string data;
    std::string test;
    std::string target;
    std::string bad;
    std::string spec;
    std::string format = "json";
};

int run_scorecard(const ScorecardOpts& o) {
    auto spec_text = read_text(o.spec, "--spec");
    if (!spec_text) return report(spec_text.error());
    auto spec = credit::parse_spec(*spec_text);
    if (!spec) return report(Error{spec.error().code, o.spec + ": " + spec.error().message, spec.error().field});
    auto train = read_csv(o.data, "--data");
    if (!train) return report(train.error());
    std::optional<csv::Table> test;
    if (!o.test.empty()) {
        auto t = read_csv(o.test, "--test");
        if (!t) return report(t.error());
        test = std::move(*t);
    }
    std::optional<credit::DataSet> test_set;
    if (test) test_set = credit::DataSet{&*test, o.test};
    auto result = credit::build_scorecard(credit::DataSet{&*train, o.data}, test_set, o.target, o.bad, *spec);
    if (!result) return report(result.error());
    if (o.format == "text") {
        std::cout << credit::card_text(*result, *spec);
    } else {
        std::cout << json_text(credit::to_json(*result, *spec), 2) << "\n";
    }
    return 0;
}

struct ReportOpts {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string org;
    std::string lender;  // consent grant: the lender; report: --as-lender
    std::string purpose;
    std::string from;
    std::string until;
    std::int64_t id = 0;
    std::string credit_operator;
    std::string format = "json";
};

// The store, the services a report is built from, and the credit service over them.
struct Context {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<app::LiveHub> hub;
    std::unique_ptr<app::MarketService> market;
    std::unique_ptr<app::SpcService> spc;
    std::unique_ptr<app::CreditService> credit;
};

Result<Context> open_context(const ReportOpts& o) {
    auto db = store::Database::open(o.db);
    if (!db) return tl::unexpected(db.error());
    Context c;
    c.db = std::move(*db);
    c.hub = std::make_unique<app::LiveHub>();
    c.market = std::make_unique<app::MarketService>(*c.db, *o.clock);
    c.spc = std::make_unique<app::SpcService>(*c.db, *c.hub, *o.clock);
    app::CreditOptions options;
    options.operator_name = o.credit_operator;
    c.credit = std::make_unique<app::CreditService>(*c.db, *c.market, *c.spc, *o.clock, options);
    return c;
}

Result<std::int64_t> org_id(store::Database& db, const std::string& ref, const char* option) {
    auto org = app::lookup_organisation(db, ref);
    if (!org) return fail(org.error().code, std::string(option) + ": " + org.error().message, option);
    return org->id;
}

int run_consent_grant(const ReportOpts& o) {
    auto c = open_context(o);
    if (!c) return report(c.error());
    auto firm = org_id(*c->db, o.org, "--org");
    if (!firm) return report(firm.error());
    auto lender = org_id(*c->db, o.lender, "--lender");
    if (!lender) return report(lender.error());
    std::optional<std::string_view> from;
    if (!o.from.empty()) from = o.from;
    auto granted = c->credit->grant_consent_as_operator(*firm, *lender, o.purpose, from, o.until);
    if (!granted) return report(granted.error());
    std::cout << json_text(c->credit->consent_view(*granted), 2) << "\n";
    return 0;
}

int run_consent_revoke(const ReportOpts& o) {
    auto c = open_context(o);
    if (!c) return report(c.error());
    auto firm = org_id(*c->db, o.org, "--org");
    if (!firm) return report(firm.error());
    auto revoked = c->credit->revoke_consent_as_operator(*firm, o.id);
    if (!revoked) return report(revoked.error());
    std::cout << json_text(c->credit->consent_view(*revoked), 2) << "\n";
    return 0;
}

int run_consent_list(const ReportOpts& o) {
    auto c = open_context(o);
    if (!c) return report(c.error());
    auto firm = org_id(*c->db, o.org, "--org");
    if (!firm) return report(firm.error());
    auto list = c->credit->consents_of_firm(*firm);
    if (!list) return report(list.error());
    std::cout << json_text(*list, 2) << "\n";
    return 0;
}

int run_report(const ReportOpts& o) {
    auto c = open_context(o);
    if (!c) return report(c.error());
    auto firm = org_id(*c->db, o.org, "--org");
    if (!firm) return report(firm.error());
    app::Reader reader{*firm, std::nullopt, "cli"};
    if (!o.lender.empty()) {
        auto lender = org_id(*c->db, o.lender, "--as-lender");
        if (!lender) return report(lender.error());
        reader.org_id = *lender;
    }
    auto read = c->credit->read_report(reader, *firm);
    if (!read) return report(read.error());
    if (o.format == "text") {
        std::cout << credit::to_text(*read);
    } else {
        std::cout << json_text(credit::to_json(*read), 2) << "\n";
    }
    return 0;
}

}  // namespace

void register_credit_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto* credit = app.add_subcommand("credit", "Credit: scorecards from outcome data, consented credit reports");
    credit->require_subcommand(1);
    auto o = std::make_shared<ScorecardOpts>();
    auto* sc = credit->add_subcommand(
        "scorecard", "Build a scorecard: classing, WoE/IV, logistic regression of P(bad), points, KS/AUC/Gini, PSI");
    sc->add_option("--data", o->data, "Training CSV (header row, one applicant per row)")->required();
    sc->add_option("--test", o->test, "Test CSV with the same columns, scored with the training card");
    sc->add_option("--target", o->target, "Outcome column")->required();
    sc->add_option("--bad", o->bad, "Value of the outcome column that marks a bad")->required();
    sc->add_option("--spec", o->spec, "Spec JSON: variables with breaks/groups (or none = automatic) and scaling")
        ->required();
    sc->add_option("--format", o->format, "json or text")->check(CLI::IsMember({"json", "text"}));
    sc->callback([o, &action] { action = [o] { return run_scorecard(*o); }; });

    auto common = [&clock](CLI::App* cmd, const std::shared_ptr<ReportOpts>& r) {
        r->clock = &clock;
        cmd->add_option("--db", r->db, "store: sqlite:PATH or postgresql://...")->envname("YANDIAN_DB")->capture_default_str();
        cmd->add_option("--org", r->org, "the firm: organisation id or code")->required();
    };
    auto with_operator = [](CLI::App* cmd, const std::shared_ptr<ReportOpts>& r) {
        cmd->add_option("--credit-operator", r->credit_operator,
                        "the filed enterprise credit agency running this deployment (shown on the report; needed "
                        "before anything goes to a lender)")
            ->envname("YANDIAN_CREDIT_OPERATOR");
    };

    auto* consent = credit->add_subcommand("consent", "A firm's consents to show its credit report to a lender");
    consent->require_subcommand(1);
    auto g = std::make_shared<ReportOpts>();
    auto* grant = consent->add_subcommand("grant", "Let one lender read the firm's report for a purpose until a date");
    common(grant, g);
    with_operator(grant, g);
    grant->add_option("--lender", g->lender, "the lender: organisation id or code")->required();
    grant->add_option("--purpose", g->purpose,
                      "credit_assessment, loan_monitoring, receivables_financing or inventory_financing")
        ->required();
    grant->add_option("--until", g->until, "end of the consent (exclusive): 2026-12-31 or 2026-12-31T12:00:00Z")
        ->required();
    grant->add_option("--from", g->from, "start of the consent (default: now)");
    grant->callback([g, &action] { action = [g] { return run_consent_grant(*g); }; });

    auto rv = std::make_shared<ReportOpts>();
    auto* revoke = consent->add_subcommand("revoke", "Revoke a consent of the firm at once");
    common(revoke, rv);
    revoke->add_option("--id", rv->id, "the consent id")->required()->check(CLI::PositiveNumber);
    revoke->callback([rv, &action] { action = [rv] { return run_consent_revoke(*rv); }; });

    auto ls = std::make_shared<ReportOpts>();
    auto* list = consent->add_subcommand("list", "The firm's consents, live or not, with their revocations");
    common(list, ls);
    list->callback([ls, &action] { action = [ls] { return run_consent_list(*ls); }; });

    auto rp = std::make_shared<ReportOpts>();
    auto* rep = credit->add_subcommand("report", "The credit report of a firm, as the firm or a consented lender reads it");
    common(rep, rp);
    with_operator(rep, rp);
    rep->add_option("--as-lender", rp->lender, "read as this lender (organisation id or code): needs a live consent");
    rep->add_option("--format", rp->format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
    rep->callback([rp, &action] { action = [rp] { return run_report(*rp); }; });
}

}  // namespace yandian::cli
