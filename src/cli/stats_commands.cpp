// `yandian stats ...`: statistical returns for the industry office's operator on the machine — reporting periods,
// template workbooks, import of filled-in workbooks and CSV files, the late list, queries of figures and export of
// any table as .xlsx or CSV.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/stats/returns_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "ingest/workbook/workbook.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct StatsOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string period;
    std::string deadline;
    std::string firm;
    std::string output;
    std::string file;
    std::string reason;
    std::string table;
    std::string indicator;
    std::string note;
    std::optional<std::string> as_of;
    bool history = false;
    std::string by = "operator";
    std::string format = "text";
};

int fail_with(const Error& error) {
    std::cerr << "yandian stats: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kInvalidArgument, fmt::format("cannot read file '{}'", path), "file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool ends_with(const std::string& s, std::string_view end) { return s.size() >= end.size() && s.ends_with(end); }

template <class Work>
int with_service(const StatsOptions& o, Work work) {
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::ReturnsService service(**db, *o.clock);
    return work(service, **db);
}

Result<std::int64_t> firm_id(store::Database& db, const std::string& code) {
    auto firm = db.stats().find_firm_by_code(code);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm) {
        return fail(ErrorCode::kNotFound, fmt::format("no firm of the enterprise library has the credit code '{}'", code),
                    "firm");
    }
    return (*firm)->id;
}

int open_period(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto p = s.open_period(o.period, o.deadline, o.by);
        if (!p) return fail_with(p.error());
        std::cout << (o.format == "json" ? json_text(app::to_json(*p))
                                         : fmt::format("opened {} ({}), due by the end of {}", p->period, p->frequency,
                                                       p->deadline))
                  << "\n";
        return 0;
    });
}

int list_periods(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto ps = s.list_periods();
        if (!ps) return fail_with(ps.error());
        if (o.format == "json") {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& p : *ps) out.push_back(app::to_json(p));
            std::cout << json_text(out) << "\n";
            return 0;
        }
        for (const auto& p : *ps) std::cout << p.period << "  " << p.frequency << "  due " << p.deadline << "\n";
        return 0;
    });
}

int write_template(const StatsOptions& o) {
    if (!ends_with(o.output, ".xlsx")) {
        return fail_with(Error{ErrorCode::kInvalidArgument, fmt::format("-o {}: the template is an .xlsx file", o.output),
                               "output"});
    }
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto sheets = s.template_for(o.period, o.firm);
        if (!sheets) return fail_with(sheets.error());
        if (auto written = ingest::workbook::write_workbook(o.output, *sheets); !written) {
            return fail_with(written.error());
        }
        std::cout << "wrote " << o.output << "\n";
        return 0;
    });
}

int import_file(const StatsOptions& o) {
    auto bytes = read_file(o.file);
    if (!bytes) return fail_with(bytes.error());
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto outcomes = s.import_file(*bytes, "", o.reason, o.by);
        if (!outcomes) {
            Error e = outcomes.error();
            e.message = o.file + ": " + e.message;
            return fail_with(e);
        }
        bool refused = false;
        nlohmann::json all = nlohmann::json::array();
        for (const auto& r : *outcomes) {
            all.push_back(app::to_json(r));
            if (r.filed) {
                if (o.format == "text") {
                    std::cout << fmt::format("accepted: {} {} revision {} ({} figures)\n", r.firm_code, r.period,
                                             r.filed->revision, r.filed->lines.size());
                }
                continue;
            }
            refused = true;
            std::cerr << fmt::format("{}: refused the return of {} for {} ({}):\n", o.file,
                                     r.firm_code.empty() ? "(no firm code)" : r.firm_code,
                                     r.period.empty() ? "(no period)" : r.period, r.place);
            for (const auto& i : r.issues) std::cerr << "  " << i.place << ": " << i.message << "\n";
        }
        if (o.format == "json") std::cout << json_text(all) << "\n";
        return refused ? 2 : 0;
    });
}

int export_table(const StatsOptions& o) {
    const bool xlsx = ends_with(o.output, ".xlsx");
    if (!xlsx && !ends_with(o.output, ".csv") && o.output != "-") {
        return fail_with(Error{ErrorCode::kInvalidArgument,
                               fmt::format("-o {}: name an .xlsx or .csv file (or - for CSV on standard output)",
                                           o.output),
                               "output"});
    }
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto t = s.table(o.table);
        if (!t) return fail_with(t.error());
        if (xlsx) {
            ingest::workbook::OutSheet sheet;
            sheet.name = o.table;
            std::vector<ingest::workbook::OutCell> header(t->header.begin(), t->header.end());
            sheet.rows.push_back(std::move(header));
            for (auto& row : t->rows) sheet.rows.push_back(std::move(row));
            sheet.bold_rows = {1};
            if (auto written = ingest::workbook::write_workbook(o.output, std::span(&sheet, 1)); !written) {
                return fail_with(written.error());
            }
        } else if (o.output == "-") {
            std::cout << app::to_csv(*t);
            return 0;
        } else {
            std::ofstream out(o.output, std::ios::binary);
            out << app::to_csv(*t);
            if (!out.flush()) {
                return fail_with(Error{ErrorCode::kInternal, fmt::format("cannot write {}", o.output), "output"});
            }
        }
        std::cerr << fmt::format("wrote {} ({} rows of {})\n", o.output, t->rows.size(), o.table);
        return 0;
    });
}

int late(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        auto r = s.late(o.period, o.as_of);
        if (!r) return fail_with(r.error());
        if (o.format == "json") {
            std::cout << json_text(app::to_json(*r)) << "\n";
            return 0;
        }
        std::cout << fmt::format("{}: {} of {} firms reported by {}; late: {}\n", r->period.period, r->on_time,
                                 r->expected, r->as_of, r->late.size());
        for (const auto& l : r->late) {
            std::cout << fmt::format("  {}  {}{}\n", l.firm.credit_code.value_or(""), l.firm.name_zh,
                                     l.filed_at ? " (filed " + *l.filed_at + ")" : "");
        }
        return 0;
    });
}

int list_returns(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database& db) {
        store::ReturnFilter f;
        if (!o.period.empty()) f.period = o.period;
        if (!o.firm.empty()) {
            auto id = firm_id(db, o.firm);
            if (!id) return fail_with(id.error());
            f.firm_id = *id;
        }
        f.every_revision = o.history;
        auto rs = s.returns(f);
        if (!rs) return fail_with(rs.error());
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : *rs) out.push_back(app::to_json(r));
        std::cout << json_text(out, 2) << "\n";
        return 0;
    });
}

int query(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database& db) {
        auto id = firm_id(db, o.firm);
        if (!id) return fail_with(id.error());
        auto q = s.query(*id, o.period, o.indicator, o.note, o.by);
        if (!q) return fail_with(q.error());
        std::cout << json_text(app::to_json(*q)) << "\n";
        return 0;
    });
}

int indicators(const StatsOptions& o) {
    return with_service(o, [&](app::ReturnsService& s, store::Database&) {
        if (o.format == "json") {
            std::cout << json_text(app::to_json(s.indicators()), 2) << "\n";
            return 0;
        }
        std::cout << "indicators version " << s.indicators().version << "\n";
        for (const auto& i : s.indicators().indicators) {
            std::cout << fmt::format("  {:<15} {:<8} {:<8} {:<10} ±{:.0f}%  {} / {}\n", i.code, i.unit,
                                     stats::to_string(i.frequency), stats::to_string(i.basis), i.max_change * 100,
                                     i.name_zh, i.name_en);
        }
        return 0;
    });
}

}  // namespace

void register_stats_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto o = std::make_shared<StatsOptions>();
    o->clock = &clock;
    auto db_option = [&](CLI::App* cmd) {
        cmd->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
            ->envname("YANDIAN_DB")
            ->capture_default_str();
    };
    auto format_option = [&](CLI::App* cmd) {
        cmd->add_option("--format", o->format, "text|json")
            ->check(CLI::IsMember({"text", "json"}))
            ->capture_default_str();
    };

    CLI::App* stats = app.add_subcommand("stats", "Statistical returns: periods, templates, import, export, late list");
    stats->require_subcommand(1);

    CLI::App* period = stats->add_subcommand("period", "Reporting periods");
    period->require_subcommand(1);
    CLI::App* open_cmd = period->add_subcommand("open", "Open a reporting period with its deadline");
    db_option(open_cmd);
    open_cmd->add_option("--period", o->period, "a month (2026-10) or a year (2026)")->required();
    open_cmd->add_option("--deadline", o->deadline, "YYYY-MM-DD: returns are due by the end of that day")->required();
    open_cmd->add_option("--by", o->by, "who opens it")->capture_default_str();
    format_option(open_cmd);
    open_cmd->callback([&action, o] { action = [o] { return open_period(*o); }; });
    CLI::App* list_cmd = period->add_subcommand("list", "List the periods");
    db_option(list_cmd);
    format_option(list_cmd);
    list_cmd->callback([&action, o] { action = [o] { return list_periods(*o); }; });

    CLI::App* template_cmd = stats->add_subcommand("template", "Write the returns workbook of a firm and period");
    db_option(template_cmd);
    template_cmd->add_option("--period", o->period, "2026-10 or 2026")->required();
    template_cmd->add_option("--firm", o->firm, "the firm's unified social credit code")->required();
    template_cmd->add_option("-o,--output", o->output, "FILE.xlsx")->required();
    template_cmd->callback([&action, o] { action = [o] { return write_template(*o); }; });

    CLI::App* import_cmd = stats->add_subcommand(
        "import", "File the returns of a filled-in workbook (.xlsx) or a CSV file; exit 2 when one is refused");
    db_option(import_cmd);
    import_cmd->add_option("file", o->file, "FILE.xlsx or FILE.csv")->required();
    import_cmd->add_option("--reason", o->reason, "why, when the file revises a return already filed");
    import_cmd->add_option("--by", o->by, "who files it")->capture_default_str();
    format_option(import_cmd);
    import_cmd->callback([&action, o] { action = [o] { return import_file(*o); }; });

    CLI::App* export_cmd = stats->add_subcommand("export", "Write a table as .xlsx or CSV");
    db_option(export_cmd);
    export_cmd->add_option("--table", o->table, "returns|revisions|periods|firms|queries")->required();
    export_cmd->add_option("-o,--output", o->output, "FILE.xlsx, FILE.csv, or - for CSV on standard output")
        ->required();
    export_cmd->callback([&action, o] { action = [o] { return export_table(*o); }; });

    CLI::App* late_cmd = stats->add_subcommand("late", "Firms that had not reported by the deadline");
    db_option(late_cmd);
    late_cmd->add_option("--period", o->period, "2026-10 or 2026")->required();
    late_cmd->add_option("--as-of", o->as_of, "YYYY-MM-DD or an ISO 8601 UTC time (default: the deadline)");
    format_option(late_cmd);
    late_cmd->callback([&action, o] { action = [o] { return late(*o); }; });

    CLI::App* returns_cmd = stats->add_subcommand("returns", "Current returns (or every revision), as JSON");
    db_option(returns_cmd);
    returns_cmd->add_option("--period", o->period, "one period");
    returns_cmd->add_option("--firm", o->firm, "one firm, by credit code");
    returns_cmd->add_flag("--history", o->history, "every revision, not only the current one");
    returns_cmd->callback([&action, o] { action = [o] { return list_returns(*o); }; });

    CLI::App* query_cmd = stats->add_subcommand("query", "Query a figure of a firm's return (a note on the return)");
    db_option(query_cmd);
    query_cmd->add_option("--firm", o->firm, "the firm's credit code")->required();
    query_cmd->add_option("--period", o->period, "the period")->required();
    query_cmd->add_option("--indicator", o->indicator, "the indicator queried")->required();
    query_cmd->add_option("--note", o->note, "what to check")->required();
    query_cmd->add_option("--by", o->by, "who asks")->capture_default_str();
    query_cmd->callback([&action, o] { action = [o] { return query(*o); }; });

    CLI::App* indicators_cmd = stats->add_subcommand("indicators", "The indicator definitions of the returns");
    db_option(indicators_cmd);
    format_option(indicators_cmd);
    indicators_cmd->callback([&action, o] { action = [o] { return indicators(*o); }; });
}

}  // namespace yandian::cli
