// `yandian plan seed|progress|actual add` and `yandian firm add|list|show`: plan-target tracking and the enterprise
// library, for the industry office's operator on the machine.
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/stats/stats_service.hpp"
#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "stats/credit_code.hpp"
#include "stats/plan_tracking.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct PlanOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string plan;
    std::string format = "text";
    std::string lang = "en";
    std::int64_t target = 0;
    int year = 0;
    double value = 0;
    std::string source;
    std::string by = "operator";
    // firms
    std::string credit_code;
    std::string name_zh;
    std::string name_en;
    std::string town;
    std::string industry;
    std::string size_class = "unknown";
    std::optional<double> revenue;
    std::string products;
    std::vector<std::string> tags;
    std::optional<std::int64_t> org_id;
    std::string tag;
    std::int64_t id = 0;
    // firm set: only the options given change the firm
    std::optional<std::string> set_code, set_name_en, set_town, set_size_class, set_products;
    std::optional<double> set_revenue;
    std::vector<std::string> set_tags;
    bool tags_given = false;
    std::optional<std::int64_t> set_org_id;
};

int fail_with(const Error& error) {
    std::cerr << "yandian: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

Result<std::unique_ptr<store::Database>> open(const std::string& url) { return store::Database::open(url); }

// ---- text tables

// Columns of a terminal: CJK ideographs and full-width forms take two.
std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = c;
        std::size_t n = 1;
        if (c >= 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else if (c >= 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if (c >= 0xC0) {
            n = 2;
            cp = c & 0x1F;
        }
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        i += n;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

// Prints rows as columns separated by two spaces; `right` marks right-aligned (numeric) columns.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - display_width(row[c]), ' ');
            const bool r = c < right.size() && right[c];
            if (c > 0) line += "  ";
            line += r ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
        }
        out << line << "\n";
    }
}

std::string number(std::optional<double> v) {
    if (!v) return "-";
    std::string s = fmt::format("{:.2f}", *v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string percent(std::optional<double> v) { return v ? fmt::format("{:.1f}%", *v * 100) : "-"; }

std::string range(std::optional<double> low, std::optional<double> high) {
    if (!low) return "-";
    if (!high || *high == *low) return number(low);
    return number(low) + "-" + number(high);
}

std::string at_year(std::optional<int> year, const std::string& value) {
    if (value == "-") return "-";
    return year ? fmt::format("{}: {}", *year, value) : "(no year): " + value;
}

std::string latest(const stats::Progress& p) {
    return p.latest ? fmt::format("{}: {}", p.latest->year, number(p.latest->value)) : "-";
}

std::string forecast(const stats::Progress& p) {
    if (!p.forecast) return "-";
    if (!p.forecast->low) return number(p.forecast->value);
    return fmt::format("{} [{}, {}]", number(p.forecast->value), number(p.forecast->low), number(p.forecast->high));
}

void print_text(const app::PlanProgressReport& report, const std::string& lang) {
    std::vector<std::vector<std::string>> rows{{"id", "plan", "indicator", "unit", "baseline", "target", "latest",
                                                "required", "achieved", "needed", "forecast", "status"}};
    std::vector<std::string> notes;
    for (const app::TargetProgress& t : report.targets) {
        const auto& r = t.target;
        const auto& p = t.progress;
        rows.push_back({std::to_string(r.id), r.plan, lang == "zh" ? r.indicator_zh : r.label_en, r.unit,
                        at_year(r.baseline_year, number(r.baseline_value)),
                        at_year(r.target_year, range(r.target_low, r.target_high)), latest(p),
                        percent(p.required_cagr_low),
                        percent(p.achieved_cagr), percent(p.needed_cagr_low), forecast(p),
                        std::string(stats::to_string(p.status))});
        // A range target states the growth to both ends.
        if (p.required_cagr_low && p.required_cagr_high && *p.required_cagr_high != *p.required_cagr_low) {
            rows.back()[7] = percent(p.required_cagr_low) + "-" + percent(p.required_cagr_high);
        }
        for (const std::string& reason : p.reasons) notes.push_back(fmt::format("  {} {}: {}", r.id, r.key, reason));
    }
    std::cout << "Plan targets (growth rates are compound, per year; needed = from the latest actual to the low end)\n";
    print_table(std::cout, rows, {true, false, false, false, false, false, false, true, true, true, false, false});
    if (!notes.empty()) {
        std::cout << "\nNot computed, and why:\n";
        for (const std::string& n : notes) std::cout << n << "\n";
    }
    if (report.groups.empty() && report.enterprises.empty()) return;
    std::cout << "\nEnterprise tables (轴承业务主营业务收入, 万元)\n";
    std::vector<std::vector<std::string>> groups{
        {"table", "firms", "baseline", "target", "latest", "required", "achieved", "needed", "status"}};
    for (const app::GroupProgress& g : report.groups) {
        groups.push_back({g.table_zh, std::to_string(g.members),
                          at_year(g.total.baseline_year, number(g.total.baseline_value)),
                          at_year(g.total.target_year, number(g.total.target_low)), latest(g.progress),
                          percent(g.progress.required_cagr_low), percent(g.progress.achieved_cagr),
                          percent(g.progress.needed_cagr_low), std::string(stats::to_string(g.progress.status))});
    }
    print_table(std::cout, groups, {false, true, false, false, false, true, true, true, false});
    std::cout << "\n";
    std::vector<std::vector<std::string>> firms{{"id", "table", "rank", "firm", "baseline", "target", "latest",
                                                 "required", "achieved", "needed", "status"}};
    for (const app::TargetProgress& t : report.enterprises) {
        const auto& r = t.target;
        const auto& p = t.progress;
        firms.push_back({std::to_string(r.id), r.group, r.rank ? std::to_string(*r.rank) : "-", r.label_en,
                         at_year(r.baseline_year, number(r.baseline_value)),
                         at_year(r.target_year, number(r.target_low)), latest(p), percent(p.required_cagr_low),
                         percent(p.achieved_cagr), percent(p.needed_cagr_low),
                         std::string(stats::to_string(p.status))});
    }
    print_table(std::cout, firms, {true, false, true, false, false, false, false, true, true, true, false});
}

// ---- commands

int seed(const PlanOptions& o) {
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto report = service.seed_plan(o.by);
    if (!report) return fail_with(report.error());
    std::cout << nlohmann::json{{"firms_added", report->firms_added},
                                {"firms_present", report->firms_present},
                                {"targets_added", report->targets_added},
                                {"targets_present", report->targets_present}}
                     .dump()
              << "\n";
    return 0;
}

int progress(const PlanOptions& o) {
    std::optional<std::string> plan;
    if (!o.plan.empty()) {
        auto p = app::parse_plan(o.plan);
        if (!p) return fail_with(p.error());
        plan = *p;
    }
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto report = service.plan_progress(plan);
    if (!report) return fail_with(report.error());
    if (o.format == "json") {
        std::cout << json_text(app::to_json(*report), 2) << "\n";
    } else {
        print_text(*report, o.lang);
    }
    return 0;
}

int add_actual(const PlanOptions& o) {
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto added = service.add_actual(o.target, o.year, o.value, o.source, o.by);
    if (!added) return fail_with(added.error());
    std::cout << nlohmann::json{{"id", added->id},         {"target", added->target_id},
                                {"year", added->year},     {"value", added->value},
                                {"source", added->source}, {"recorded_by", added->recorded_by},
                                {"recorded_at", added->recorded_at}}
                     .dump()
              << "\n";
    return 0;
}

int add_firm(const PlanOptions& o) {
    app::FirmInput in;
    if (!o.credit_code.empty()) in.credit_code = o.credit_code;
    in.name_zh = o.name_zh;
    in.name_en = o.name_en;
    in.town = o.town;
    in.industry = o.industry;
    in.size_class = o.size_class;
    in.revenue_wan = o.revenue;
    in.products = o.products;
    in.tags = o.tags;
    in.org_id = o.org_id;
    // Input is checked before the store is opened: a mistyped code creates no file.
    if (in.credit_code) {
        auto checked = stats::validate_credit_code(*in.credit_code);
        if (!checked) return fail_with(checked.error());
    }
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto firm = service.add_firm(in, o.by);
    if (!firm) return fail_with(firm.error());
    std::cout << json_text(app::to_json(*firm)) << "\n";
    return 0;
}

std::string lang_name(const store::FirmRecord& f, const std::string& lang) {
    return lang == "zh" || f.name_en.empty() ? f.name_zh : f.name_en;
}

int list_firms(const PlanOptions& o) {
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    store::FirmFilter filter;
    if (!o.industry.empty()) filter.industry = o.industry;
    if (!o.tag.empty()) filter.tag = o.tag;
    auto firms = service.list_firms(filter);
    if (!firms) return fail_with(firms.error());
    if (o.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& f : *firms) out.push_back(app::to_json(f));
        std::cout << json_text(out, 2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"id", "credit code", "name", "industry", "size", "tags", "products"}};
    for (const auto& f : *firms) {
        rows.push_back({std::to_string(f.id), f.credit_code.value_or("-"), lang_name(f, o.lang), f.industry,
                        f.size_class, f.tags.empty() ? "-" : f.tags, f.products.empty() ? "-" : f.products});
    }
    print_table(std::cout, rows, {true});
    return 0;
}

int set_firm(const PlanOptions& o) {
    app::FirmChanges c;
    c.credit_code = o.set_code;
    c.name_en = o.set_name_en;
    c.town = o.set_town;
    c.size_class = o.set_size_class;
    c.revenue_wan = o.set_revenue;
    c.products = o.set_products;
    if (o.tags_given) c.tags = o.set_tags;
    c.org_id = o.set_org_id;
    if (c.credit_code) {
        auto checked = stats::validate_credit_code(*c.credit_code);
        if (!checked) return fail_with(checked.error());
    }
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto firm = service.update_firm(o.id, c, o.by);
    if (!firm) return fail_with(firm.error());
    std::cout << json_text(app::to_json(*firm)) << "\n";
    return 0;
}

int show_firm(const PlanOptions& o) {
    auto db = open(o.db);
    if (!db) return fail_with(db.error());
    app::StatsService service(**db, *o.clock);
    auto view = service.show_firm(o.id);
    if (!view) return fail_with(view.error());
    std::cout << json_text(app::to_json(*view), 2) << "\n";
    return 0;
}

}  // namespace

void register_plan_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto o = std::make_shared<PlanOptions>();
    o->clock = &clock;
    auto db_option = [&](CLI::App* cmd) {
        cmd->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
            ->envname("YANDIAN_DB")
            ->capture_default_str();
    };

    CLI::App* plan = app.add_subcommand("plan", "Targets of the 2021-2025 plans: seeding, actuals, progress");
    plan->require_subcommand(1);
    CLI::App* seed_cmd = plan->add_subcommand(
        "seed", "Put the plans' targets, enterprise tables and firms into the store (idempotent); prints counts");
    db_option(seed_cmd);
    seed_cmd->add_option("--by", o->by, "who seeds (kept in the firms' history)")->capture_default_str();
    seed_cmd->callback([&action, o] { action = [o] { return seed(*o); }; });

    CLI::App* progress_cmd = plan->add_subcommand(
        "progress", "Each tracked target with baseline, target, latest actual, required and achieved growth, status");
    db_option(progress_cmd);
    progress_cmd->add_option("--plan", o->plan, "one plan: bearing|textile|farm_machinery (default: all)");
    progress_cmd->add_option("--format", o->format, "text|json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    progress_cmd->add_option("--lang", o->lang, "indicator names in text output: en|zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    progress_cmd->callback([&action, o] { action = [o] { return progress(*o); }; });

    CLI::App* actual = plan->add_subcommand("actual", "Actuals reported against the targets");
    actual->require_subcommand(1);
    CLI::App* actual_add = actual->add_subcommand("add", "Record an actual (never overwrites; a later one revises)");
    db_option(actual_add);
    actual_add->add_option("--target", o->target, "target id (as plan progress lists it)")->required();
    actual_add->add_option("--year", o->year, "year the figure is for")->required();
    actual_add->add_option("--value", o->value, "the figure, in the target's unit")->required();
    actual_add->add_option("--source", o->source, "where the figure comes from")->required();
    actual_add->add_option("--by", o->by, "who records it")->capture_default_str();
    actual_add->callback([&action, o] { action = [o] { return add_actual(*o); }; });

    CLI::App* firm = app.add_subcommand("firm", "Enterprise library: firms with their unified social credit codes");
    firm->require_subcommand(1);
    CLI::App* firm_add = firm->add_subcommand("add", "Add a firm; prints it as JSON");
    db_option(firm_add);
    firm_add->add_option("--credit-code", o->credit_code, "unified social credit code (GB 32100, 18 characters)");
    firm_add->add_option("--name-zh", o->name_zh, "registered name")->required();
    firm_add->add_option("--name-en", o->name_en, "English name");
    firm_add->add_option("--town", o->town, "town");
    firm_add->add_option("--industry", o->industry, "bearing|textile|farm_machinery")->required();
    firm_add->add_option("--size-class", o->size_class, "above|below|unknown")->capture_default_str();
    firm_add->add_option("--revenue", o->revenue,
                         "annual main-business revenue in 万元 (sets the size class: above from 2000万元)");
    firm_add->add_option("--products", o->products, "main products");
    firm_add->add_option("--tag", o->tags, "key|high_growth|specialised|high_tech|cultivation (repeatable)");
    firm_add->add_option("--org-id", o->org_id, "platform organisation of the firm");
    firm_add->add_option("--by", o->by, "who adds it (kept in the history)")->capture_default_str();
    firm_add->callback([&action, o] { action = [o] { return add_firm(*o); }; });

    CLI::App* firm_list = firm->add_subcommand("list", "List firms");
    db_option(firm_list);
    firm_list->add_option("--industry", o->industry, "bearing|textile|farm_machinery");
    firm_list->add_option("--tag", o->tag, "only firms with this tag");
    firm_list->add_option("--format", o->format, "text|json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    firm_list->add_option("--lang", o->lang, "names in text output: en|zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    firm_list->callback([&action, o] { action = [o] { return list_firms(*o); }; });

    CLI::App* firm_set = firm->add_subcommand("set", "Change a firm (kept in its history); prints it as JSON");
    db_option(firm_set);
    firm_set->add_option("id", o->id, "firm id")->required();
    firm_set->add_option("--credit-code", o->set_code, "unified social credit code (GB 32100)");
    firm_set->add_option("--name-en", o->set_name_en, "English name");
    firm_set->add_option("--town", o->set_town, "town");
    firm_set->add_option("--size-class", o->set_size_class, "above|below|unknown");
    firm_set->add_option("--revenue", o->set_revenue, "annual main-business revenue in 万元 (sets the size class)");
    firm_set->add_option("--products", o->set_products, "main products");
    auto* tags = firm_set->add_option("--tag", o->set_tags, "the firm's tags, replacing the stored ones (repeatable)");
    firm_set->add_option("--org-id", o->set_org_id, "platform organisation of the firm");
    firm_set->add_option("--by", o->by, "who changes it (kept in the history)")->capture_default_str();
    firm_set->callback([&action, o, tags] {
        o->tags_given = tags->count() > 0;
        action = [o] { return set_firm(*o); };
    });

    CLI::App* firm_show = firm->add_subcommand("show", "One firm with its history of changes, as JSON");
    db_option(firm_show);
    firm_show->add_option("id", o->id, "firm id")->required();
    firm_show->callback([&action, o] { action = [o] { return show_firm(*o); }; });
}

}  // namespace yandian::cli
