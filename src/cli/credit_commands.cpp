// `yandian credit scorecard`: reads the training (and test) CSV and the spec, runs the scorecard pipeline of the
// credit core, prints the result as JSON or as a readable card.
// `yandian credit consent grant|revoke|list` and `yandian credit report`: consented credit reports for the operator on
// the machine (docs/credit/reports.md); the same rules as the API: a lender reads only under a live consent, and
// every read is logged.
// `yandian credit receivable register|list|show|confirm|dispute|request|approve|decline|repay|overdue|report`:
// receivables financing by the operator on the machine acting for an organisation (--as), through the same service
// and rules as the API (docs/credit/receivables.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "app/credit/credit_service.hpp"
#include "app/credit/receivable_service.hpp"
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


struct ReceivableOpts {
    ReportOpts base;
    std::string as;
    std::int64_t id = 0;
    std::string buyer;
    std::string invoice;
    std::string amount;
    std::string currency = "CNY";
    std::string issued;
    std::string due;
    std::string registration;
    std::string lender;
    std::string reason;
    int rate_bp = 0;
    int tenor_days = 0;
};

using ReceivableRun = Result<nlohmann::json> (*)(app::ReceivableService&, store::Database&, const app::ReceivableActor&,
                                                 const ReceivableOpts&);

int run_receivable(const ReceivableOpts& o, ReceivableRun run) {
    auto c = open_context(o.base);
    if (!c) return report(c.error());
    auto as = org_id(*c->db, o.as, "--as");
    if (!as) return report(as.error());
    app::ReceivableService service(*c->db, *c->credit, *o.base.clock);
    auto done = run(service, *c->db, app::ReceivableActor{*as, std::nullopt, "cli"}, o);
    if (!done) return report(done.error());
    std::cout << json_text(*done, 2) << "\n";
    return 0;
}

Result<nlohmann::json> receivable_register(app::ReceivableService& s, store::Database& db,
                                           const app::ReceivableActor& who, const ReceivableOpts& o) {
    auto buyer = org_id(db, o.buyer, "--buyer");
    if (!buyer) return tl::unexpected(buyer.error());
    app::NewReceivable in;
    in.buyer_org_id = *buyer;
    in.invoice_number = o.invoice;
    in.amount = o.amount;
    in.currency = o.currency;
    in.issue_date = o.issued;
    in.due_date = o.due;
    if (!o.registration.empty()) in.registration_number = o.registration;
    return s.register_receivable(who, in);
}

Result<nlohmann::json> receivable_request(app::ReceivableService& s, store::Database& db,
                                          const app::ReceivableActor& who, const ReceivableOpts& o) {
    auto lender = org_id(db, o.lender, "--lender");
    if (!lender) return tl::unexpected(lender.error());
    return s.request_financing(who, o.id, *lender);
}

}  // namespace

void register_receivable_commands(CLI::App& credit, Action& action, const Clock& clock) {
    auto* rec = credit.add_subcommand(
        "receivable", "Receivables financing: register, confirm or dispute, request, approve or decline, repay");
    rec->require_subcommand(1);
    // One sub-command: its own options (never shared with a sibling: CLI11 reads YANDIAN_DB for every one of them).
    auto add = [&clock, &action, rec](const char* name, const char* help, ReceivableRun run, bool with_id) {
        auto o = std::make_shared<ReceivableOpts>();
        o->base.clock = &clock;
        auto* cmd = rec->add_subcommand(name, help);
        cmd->add_option("--db", o->base.db, "store: sqlite:PATH or postgresql://...")
            ->envname("YANDIAN_DB")
            ->capture_default_str();
        cmd->add_option("--as", o->as, "the organisation acting (id or code): supplier, buyer or lender")->required();
        cmd->add_option("--credit-operator", o->base.credit_operator,
                        "the filed enterprise credit agency running this deployment (needed for a lender's report)")
            ->envname("YANDIAN_CREDIT_OPERATOR");
        if (with_id) cmd->add_option("--id", o->id, "the receivable id")->required()->check(CLI::PositiveNumber);
        cmd->callback([o, run, &action] { action = [o, run] { return run_receivable(*o, run); }; });
        return std::make_pair(cmd, o);
    };

    auto [reg, r] = add("register", "The supplier (--as) registers a receivable on a buyer", receivable_register, false);
    reg->add_option("--buyer", r->buyer, "the buyer: organisation id or code")->required();
    reg->add_option("--invoice", r->invoice, "invoice number")->required();
    reg->add_option("--amount", r->amount, "amount in yuan, e.g. 123456.00")->required();
    reg->add_option("--currency", r->currency, "currency (CNY only)")->capture_default_str();
    reg->add_option("--issued", r->issued, "issue date YYYY-MM-DD")->required();
    reg->add_option("--due", r->due, "due date YYYY-MM-DD")->required();
    reg->add_option("--registration", r->registration,
                    "registration number at the national receivables platform (中征应收账款融资服务平台)");

    add("list", "The receivables of the organisation (--as): as supplier, as buyer, as lender",
        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who, const ReceivableOpts&) {
            return s.list(who);
        },
        false);
    add("show", "One receivable with its events (a party only)",
        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who, const ReceivableOpts& o) {
            return s.get(who, o.id);
        },
        true);
    add("confirm", "The buyer (--as) confirms it owes the receivable",
        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who, const ReceivableOpts& o) {
            return s.confirm(who, o.id);
        },
        true);
    auto [dis, d] = add("dispute", "The buyer (--as) disputes the receivable, with a reason",
                        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who,
                           const ReceivableOpts& o) { return s.dispute(who, o.id, o.reason); },
                        true);
    dis->add_option("--reason", d->reason, "why")->required();
    auto [req, q] = add("request", "The supplier (--as) asks one lender to finance a confirmed receivable",
                        receivable_request, true);
    req->add_option("--lender", q->lender, "the lender: organisation id or code")->required();
    auto [apr, a] = add("approve", "The lender (--as) approves: amount, annual rate, tenor",
                        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who,
                           const ReceivableOpts& o) {
                            return s.approve(who, o.id, app::Approval{o.amount, o.rate_bp, o.tenor_days});
                        },
                        true);
    apr->add_option("--amount", a->amount, "amount financed in yuan (at most the receivable)")->required();
    apr->add_option("--rate-bp", a->rate_bp, "annual rate in basis points (385 = 3.85 %)")->required();
    apr->add_option("--tenor-days", a->tenor_days, "tenor in days")->required();
    auto [dec, dc] = add("decline", "The lender (--as) declines, with a reason",
                         [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who,
                            const ReceivableOpts& o) { return s.decline(who, o.id, o.reason); },
                         true);
    dec->add_option("--reason", dc->reason, "why")->required();
    auto [rep, rp] = add("repay", "The lender (--as) records a repayment received today",
                         [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who,
                            const ReceivableOpts& o) { return s.repay(who, o.id, o.amount); },
                         true);
    rep->add_option("--amount", rp->amount, "amount repaid in yuan")->required();
    add("overdue", "The lender (--as) records that the financed receivable is past due today",
        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who, const ReceivableOpts& o) {
            return s.record_overdue(who, o.id);
        },
        true);
    add("report", "The lender (--as) a request went to reads the supplier's credit report (needs a live consent)",
        [](app::ReceivableService& s, store::Database&, const app::ReceivableActor& who, const ReceivableOpts& o) {
            return s.supplier_report(who, o.id);
        },
        true);
}


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

    register_receivable_commands(*credit, action, clock);
}

}  // namespace yandian::cli
