// `yandian quality entry add|list`, `import`, `rate`, `publish`, `blacklist add|remove|list`,
// `objection file|decide|list` and `deadline`: quality credit files, ratings, the public view, the blacklist and
// objections, for the authority's and the association's operator on the machine.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/quality/quality_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "quality/calendar.hpp"
#include "stats/credit_code.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct QualityOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string firm;
    std::optional<std::int64_t> org_id;
    std::string kind, subkind, date, outcome, retest, source, by = "operator";
    std::optional<std::string> valid_until;
    std::optional<std::int64_t> corrects;
    std::vector<std::string> fields;
    std::string file;
    std::string rules;  // a rule-set file instead of the bundled one
    std::string on;
    std::string format = "json";
    bool record = false;
    std::string decision, reasons, how;
    bool history = false;
    std::int64_t entry = 0;
    std::int64_t id = 0;
    bool other_units = false;
    std::string status;
    bool open_only = false;
};

int fail_with(const Error& error) {
    std::cerr << "yandian: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

int bad_argument(const std::string& message, const std::string& field) {
    return fail_with(Error{ErrorCode::kInvalidArgument, message, field});
}

// A firm reference as given: digits (a firm id) or a credit code, checked before the store is opened.
Status check_firm_ref(const std::string& ref) {
    if (ref.empty()) return fail(ErrorCode::kInvalidArgument, "--firm: give a firm id or a credit code", "firm");
    const bool digits = ref.find_first_not_of("0123456789") == std::string::npos;
    if (digits && ref.size() < 18) return {};
    auto code = stats::validate_credit_code(ref);
    if (!code) return tl::unexpected(code.error());
    return {};
}

Result<std::optional<DayNumber>> optional_day(const std::string& text, std::string_view option) {
    if (text.empty()) return std::optional<DayNumber>();
    auto d = parse_iso_date(text, option);
    if (!d) return tl::unexpected(d.error());
    return std::optional<DayNumber>(*d);
}

// Opens the store and builds the service (with the rule-set file when given).
struct Session {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<app::QualityService> service;
};

Result<Session> open_session(const QualityOptions& o) {
    std::optional<std::string> rules;
    if (!o.rules.empty()) {
        std::ifstream in(o.rules, std::ios::binary);
        if (!in) return fail(ErrorCode::kInvalidArgument, fmt::format("--rules: cannot read {}", o.rules), "rules");
        rules = std::string(std::istreambuf_iterator<char>(in), {});
    }
    auto config = app::quality_config(rules);
    if (!config) return tl::unexpected(config.error());
    auto db = store::Database::open(o.db);
    if (!db) return tl::unexpected(db.error());
    Session s;
    s.db = std::move(*db);
    s.service = std::make_unique<app::QualityService>(*s.db, *o.clock, std::move(*config));
    return s;
}

Result<store::FirmRecord> firm_of(app::QualityService& service, const QualityOptions& o) {
    if (o.org_id) return service.firm_of_org(*o.org_id);
    return service.resolve_firm(o.firm);
}

int print(const nlohmann::ordered_json& j, int indent = -1) {
    std::cout << json_text(j, indent) << "\n";
    return 0;
}

// ---- commands

int add_entry(const QualityOptions& o) {
    if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    if (auto d = parse_iso_date(o.date, "--date"); !d) return fail_with(d.error());
    app::EntryInput in;
    in.kind = o.kind;
    in.subkind = o.subkind;
    in.date = o.date;
    in.valid_until = o.valid_until;
    in.outcome = o.outcome;
    in.retest = o.retest;
    in.corrects = o.corrects;
    in.source = o.source;
    for (const std::string& f : o.fields) {
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
            return bad_argument(fmt::format("--field: '{}' must be NAME=VALUE (e.g. decision_no=临市监罚〔2026〕17号)", f),
                                "field");
        }
        in.fields[f.substr(0, eq)] = f.substr(eq + 1);
    }
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto firm = s->service->resolve_firm(o.firm);
    if (!firm) return fail_with(firm.error());
    auto added = s->service->add_entry(*firm, in, o.by);
    if (!added) return fail_with(added.error());
    return print(app::to_json(*added));
}

int list_entries(const QualityOptions& o) {
    if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto firm = s->service->resolve_firm(o.firm);
    if (!firm) return fail_with(firm.error());
    auto entries = s->db->quality().list_entries(firm->id);
    if (!entries) return fail_with(entries.error());
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : *entries) out.push_back(app::to_json(e));
    return print(out, 2);
}

int import_file(const QualityOptions& o) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) return bad_argument(fmt::format("cannot read {}", o.file), "file");
    const std::string text(std::istreambuf_iterator<char>(in), {});
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto report = s->service->import_sampling(text, o.by);
    if (!report) return fail_with(report.error());
    nlohmann::ordered_json out{{"added", report->added}, {"errors", nlohmann::ordered_json::array()}};
    for (const Error& e : report->errors) out["errors"].push_back(e.message);
    print(out, 2);
    return report->errors.empty() ? 0 : 2;
}

int rate(const QualityOptions& o) {
    if (!o.org_id) {
        if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    }
    auto on = optional_day(o.on, "--on");
    if (!on) return fail_with(on.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto firm = firm_of(*s->service, o);
    if (!firm) return fail_with(firm.error());
    auto view = s->service->rate(*firm, *on, o.record, o.by);
    if (!view) return fail_with(view.error());
    if (o.format == "text") {
        std::cout << firm->name_zh << " " << firm->credit_code.value_or("") << "\n"
                  << quality::rating_text(view->rating);
        return 0;
    }
    return print(app::to_json(*view), 2);
}

int publish(const QualityOptions& o) {
    auto on = parse_iso_date(o.on, "--on");
    if (!on) return fail_with(on.error());
    if (!o.firm.empty()) {
        if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    }
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    std::optional<std::int64_t> only;
    if (!o.firm.empty()) {
        auto firm = s->service->resolve_firm(o.firm);
        if (!firm) return fail_with(firm.error());
        only = firm->id;
    }
    auto view = s->service->publish(*on, only);
    if (!view) return fail_with(view.error());
    if (o.format == "csv") {
        std::cout << app::public_csv(*view);
        return 0;
    }
    return print(app::to_json(*view), 2);
}

int blacklist(const QualityOptions& o, const std::string& action) {
    if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    if (auto d = parse_iso_date(o.date, "--date"); !d) return fail_with(d.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto firm = s->service->resolve_firm(o.firm);
    if (!firm) return fail_with(firm.error());
    auto event = s->service->blacklist_event(*firm, action, o.date, o.decision, o.reasons, o.by);
    if (!event) return fail_with(event.error());
    return print(app::to_json(*event));
}

int blacklist_list(const QualityOptions& o) {
    auto on = optional_day(o.on, "--on");
    if (!on) return fail_with(on.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    if (o.history) {
        auto events = s->service->blacklist_history(std::nullopt);
        if (!events) return fail_with(events.error());
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& e : *events) out.push_back(app::to_json(e));
        return print(out, 2);
    }
    auto view = s->service->publish(on->value_or(s->service->today()));
    if (!view) return fail_with(view.error());
    return print(app::to_json(*view)["blacklist"], 2);
}

int file_objection(const QualityOptions& o) {
    if (auto d = parse_iso_date(o.date, "--date"); !d) return fail_with(d.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto filed = s->service->file_objection(o.entry, o.date, o.other_units, o.reasons, o.by);
    if (!filed) return fail_with(filed.error());
    return print(app::to_json(app::ObjectionView{*filed, false}));
}

int decide_objection(const QualityOptions& o) {
    if (auto d = parse_iso_date(o.date, "--date"); !d) return fail_with(d.error());
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    auto decided = s->service->decide_objection(o.id, o.status, o.date, o.reasons, o.by);
    if (!decided) return fail_with(decided.error());
    const store::ObjectionRecord& objection = decided->objection;
    auto deadline = parse_iso_date(objection.deadline, "deadline");
    const bool overdue =
        deadline && quality::objection_overdue(*deadline, parse_iso_date(*objection.decided_on).value(), 0);
    auto out = app::to_json(app::ObjectionView{objection, overdue});
    if (decided->correction) out["correction"] = app::to_json(*decided->correction);
    return print(out);
}

int list_objections(const QualityOptions& o) {
    auto on = optional_day(o.on, "--on");
    if (!on) return fail_with(on.error());
    if (!o.firm.empty()) {
        if (auto ok = check_firm_ref(o.firm); !ok) return fail_with(ok.error());
    }
    auto s = open_session(o);
    if (!s) return fail_with(s.error());
    std::optional<std::int64_t> only;
    if (!o.firm.empty()) {
        auto firm = s->service->resolve_firm(o.firm);
        if (!firm) return fail_with(firm.error());
        only = firm->id;
    }
    auto list = s->service->objections(only, o.open_only, *on);
    if (!list) return fail_with(list.error());
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& v : *list) out.push_back(app::to_json(v));
    return print(out, 2);
}

int deadline(const QualityOptions& o) {
    auto filed = parse_iso_date(o.date, "--filed");
    if (!filed) return fail_with(filed.error());
    auto config = app::quality_config();
    if (!config) return fail_with(config.error());
    auto d = quality::objection_deadline(config->calendar, *filed, o.other_units);
    if (!d) return fail_with(d.error());
    return print(nlohmann::ordered_json{{"filed_on", o.date},
                                        {"other_units", o.other_units},
                                        {"working_days", o.other_units ? quality::kObjectionWorkingDaysWithOtherUnits
                                                                       : quality::kObjectionWorkingDays},
                                        {"deadline", format_iso_date(*d)}});
}

}  // namespace

void register_quality_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto o = std::make_shared<QualityOptions>();
    o->clock = &clock;
    auto db_option = [&](CLI::App* cmd) {
        cmd->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
            ->envname("YANDIAN_DB")
            ->capture_default_str();
    };
    auto by_option = [&](CLI::App* cmd, const char* what) {
        cmd->add_option("--by", o->by, what)->capture_default_str();
    };
    auto firm_option = [&](CLI::App* cmd, bool required) {
        auto* opt = cmd->add_option("--firm", o->firm, "firm id or unified social credit code (GB 32100)");
        if (required) opt->required();
    };

    CLI::App* quality = app.add_subcommand(
        "quality", "Quality credit: credit files, rating, publication, blacklist and objections");
    quality->require_subcommand(1);

    CLI::App* entry = quality->add_subcommand("entry", "Entries of a firm's credit file (append-only)");
    entry->require_subcommand(1);
    CLI::App* add = entry->add_subcommand("add", "Add an entry (a correction points at the entry it replaces)");
    db_option(add);
    firm_option(add, true);
    add->add_option("--kind", o->kind,
                    "registration|certification|sampling_inspection|penalty|list_entry|complaint|honour|"
                    "platform_evidence|withdrawal|repair")
        ->required();
    add->add_option("--subkind", o->subkind,
                    "penalty: warning|minor|other; list_entry: serious_dishonest|abnormal_operations; complaint: "
                    "upheld|rejected|open; certification: the scheme");
    add->add_option("--date", o->date, "date of the fact (decision, inspection, award): YYYY-MM-DD")->required();
    add->add_option("--valid-until", o->valid_until, "end of validity (certification): YYYY-MM-DD");
    add->add_option("--outcome", o->outcome, "sampling inspection: pass|fail");
    add->add_option("--retest", o->retest, "sampling inspection after a fail: requested|pass|fail");
    add->add_option("--corrects", o->corrects, "the entry this one corrects, withdraws or repairs");
    add->add_option("--field", o->fields,
                    "NAME=VALUE (repeatable): product, batch, items, authority, decision_no, amount_yuan, finding");
    add->add_option("--source", o->source, "where the information comes from")->required();
    by_option(add, "who enters it");
    add->add_option("--rules", o->rules, "rule-set JSON file for the grade recorded after the entry");
    add->callback([&action, o] { action = [o] { return add_entry(*o); }; });

    CLI::App* list = entry->add_subcommand("list", "A firm's whole file (authority view), as JSON");
    db_option(list);
    firm_option(list, true);
    list->callback([&action, o] { action = [o] { return list_entries(*o); }; });

    CLI::App* import = quality->add_subcommand(
        "import", "Sampling inspection results from CSV (credit_code,date,product,batch,items,outcome,retest,"
                  "authority,report_no,source); exits 2 when a line was refused");
    db_option(import);
    import->add_option("file", o->file, "CSV file")->required();
    by_option(import, "who imports");
    import->callback([&action, o] { action = [o] { return import_file(*o); }; });

    CLI::App* rate_cmd = quality->add_subcommand("rate", "Grade and score of a firm, item by item, with the vetoes");
    db_option(rate_cmd);
    firm_option(rate_cmd, false);
    auto* org = rate_cmd->add_option("--org-id", o->org_id, "the platform organisation linked to the firm");
    rate_cmd->add_option("--on", o->on, "rating date YYYY-MM-DD (default today)");
    rate_cmd->add_option("--format", o->format, "json|text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
    rate_cmd->add_option("--rules", o->rules, "rule-set JSON file (default: the bundled rules-v1)");
    rate_cmd->add_flag("--record", o->record, "keep the rating in the firm's grade history");
    by_option(rate_cmd, "who rates (with --record)");
    rate_cmd->callback([&action, o, org] {
        action = [o, org] {
            if (org->count() == 0 && o->firm.empty()) return bad_argument("give --firm ID|CODE or --org-id N", "firm");
            if (org->count() > 0 && !o->firm.empty()) return bad_argument("give --firm or --org-id, not both", "firm");
            return rate(*o);
        };
    });

    CLI::App* pub = quality->add_subcommand("publish", "What the public sees on a day: grades, entries in their "
                                                       "windows, the blacklist");
    db_option(pub);
    pub->add_option("--on", o->on, "the day: YYYY-MM-DD")->required();
    pub->add_option("--format", o->format, "json|csv")->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
    firm_option(pub, false);
    pub->add_option("--rules", o->rules, "rule-set JSON file (default: the bundled rules-v1)");
    pub->callback([&action, o] { action = [o] { return publish(*o); }; });

    CLI::App* black = quality->add_subcommand("blacklist", "The quality blacklist (serious dishonest list)");
    black->require_subcommand(1);
    CLI::App* black_add = black->add_subcommand("add", "List a firm by an authority decision");
    db_option(black_add);
    firm_option(black_add, true);
    black_add->add_option("--date", o->date, "date of the decision: YYYY-MM-DD")->required();
    black_add->add_option("--decision", o->decision, "decision number")->required();
    black_add->add_option("--grounds", o->reasons, "grounds of the listing")->required();
    by_option(black_add, "who records it");
    black_add->callback([&action, o] { action = [o] { return blacklist(*o, "listed"); }; });
    CLI::App* black_remove = black->add_subcommand("remove", "Remove a firm: by expiry, approved repair or overturned");
    db_option(black_remove);
    firm_option(black_remove, true);
    black_remove->add_option("--how", o->how, "expired|repaired|overturned")
        ->check(CLI::IsMember({"expired", "repaired", "overturned"}))
        ->required();
    black_remove->add_option("--date", o->date, "date of the removal: YYYY-MM-DD")->required();
    black_remove->add_option("--decision", o->decision, "decision number")->required();
    black_remove->add_option("--reasons", o->reasons, "reasons of the decision")->required();
    by_option(black_remove, "who records it");
    black_remove->callback([&action, o] { action = [o] { return blacklist(*o, o->how); }; });
    CLI::App* black_list = black->add_subcommand("list", "Firms on the blacklist on a day, or the whole history");
    db_option(black_list);
    black_list->add_option("--on", o->on, "the day: YYYY-MM-DD (default today)");
    black_list->add_flag("--history", o->history, "every event of every firm instead");
    black_list->callback([&action, o] { action = [o] { return blacklist_list(*o); }; });

    CLI::App* objection = quality->add_subcommand("objection", "Objections to entries, with working-day deadlines");
    objection->require_subcommand(1);
    CLI::App* file = objection->add_subcommand("file", "File an objection (deadline: 3 working days, 7 with other "
                                                       "units; 山东省社会信用条例 Art. 39)");
    db_option(file);
    file->add_option("--entry", o->entry, "the entry objected to")->required();
    file->add_option("--date", o->date, "date filed: YYYY-MM-DD")->required();
    file->add_option("--grounds", o->reasons, "grounds and evidence")->required();
    file->add_flag("--other-units", o->other_units, "other units must check (7 working days)");
    by_option(file, "who files it");
    file->callback([&action, o] { action = [o] { return file_objection(*o); }; });
    CLI::App* decide = objection->add_subcommand("decide", "Decide an objection with reasons");
    db_option(decide);
    decide->add_option("id", o->id, "objection id")->required();
    decide->add_option("--status", o->status, "upheld|rejected")->required();
    decide->add_option("--date", o->date, "date of the decision: YYYY-MM-DD")->required();
    decide->add_option("--reasons", o->reasons, "reasons of the decision")->required();
    by_option(decide, "who decides");
    decide->callback([&action, o] { action = [o] { return decide_objection(*o); }; });
    CLI::App* olist = objection->add_subcommand("list", "Objections with their deadlines; overdue ones flagged");
    db_option(olist);
    firm_option(olist, false);
    olist->add_flag("--open", o->open_only, "only undecided ones");
    olist->add_option("--on", o->on, "the day overdue is judged on: YYYY-MM-DD (default today)");
    olist->callback([&action, o] { action = [o] { return list_objections(*o); }; });

    CLI::App* dl = quality->add_subcommand("deadline", "The objection deadline for a filing date, on the working-day "
                                                       "calendar");
    dl->add_option("--filed", o->date, "date filed: YYYY-MM-DD")->required();
    dl->add_flag("--other-units", o->other_units, "other units must check (7 working days)");
    dl->callback([&action, o] { action = [o] { return deadline(*o); }; });
}

}  // namespace yandian::cli
