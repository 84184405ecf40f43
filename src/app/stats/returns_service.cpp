#include "app/stats/returns_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/market_service.hpp"
#include "app/utc_time.hpp"
#include "common/csv.hpp"
#include "common/iso_date.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

// Shortest text that reads back as the same number.
std::string figure_text(double v) { return fmt::format("{}", v); }

// The last day of the period: a deadline must not come before it.
DayNumber period_end(stats::Period p) {
    if (p.annual()) return days_from_civil(p.year, 12, 31);
    return days_from_civil(p.year, p.month, days_in_month(p.year, p.month));
}

bool is_zip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

}  // namespace

ReturnsService::ReturnsService(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
    auto set = stats::bundled_indicators();
    // The definitions are compiled into the binary and checked by the tests: a failure here is a build fault, and
    // every filing and template answers it (indicators_error_).
    if (set) {
        indicators_ = std::move(*set);
    } else {
        indicators_error_ = set.error();
    }
}

Result<store::ReportPeriodRecord> ReturnsService::open_period(const std::string& period, const std::string& deadline,
                                                              const std::string& by) {
    auto p = stats::parse_period(period);
    if (!p) return tl::unexpected(p.error());
    auto due = parse_iso_date(deadline, "deadline");
    if (!due) return tl::unexpected(due.error());
    if (*due < period_end(*p)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("deadline {} comes before period {} ends ({})", deadline, period,
                                format_iso_date(period_end(*p))),
                    "deadline");
    }
    store::ReportPeriodRecord r;
    r.period = p->text();
    r.frequency = p->annual() ? "annual" : "monthly";
    r.deadline = format_iso_date(*due);
    r.opened_by = by;
    r.opened_at = format_utc(clock_());
    return db_.returns().open_period(r);
}

Result<std::vector<store::ReportPeriodRecord>> ReturnsService::list_periods() { return db_.returns().list_periods(); }

FilingOutcome ReturnsService::file(const FiledReturn& r, const std::string& channel, const std::string& reason,
                                   const std::string& by, std::optional<std::int64_t> only_firm) {
    FilingOutcome out;
    out.firm_code = r.firm_code;
    out.period = r.period;
    out.place = r.place;
    out.issues = r.issues;
    auto refuse = [&](std::string message) {
        out.issues.push_back(FileIssue{r.place, std::move(message)});
        return out;
    };
    // A return whose firm or period cannot be read is refused with what was read; otherwise the figures read are
    // validated too, so one pass names every bad cell.
    if (indicators_error_) return refuse("the indicator definitions did not load: " + indicators_error_->message);
    if (r.firm_code.empty() || !stats::parse_period(r.period)) {
        if (out.issues.empty()) return refuse("the firm code or the period is missing");
        return out;
    }
    auto firm = db_.stats().find_firm_by_code(r.firm_code);
    if (!firm) return refuse(firm.error().message);
    if (!*firm || (only_firm && (*firm)->id != *only_firm)) {
        return refuse(fmt::format("no firm of the enterprise library has the credit code '{}'{}", r.firm_code,
                                  only_firm ? " and is linked to your organisation" : ""));
    }
    auto period = stats::parse_period(r.period);
    if (!period) return refuse(period.error().message);
    auto open = db_.returns().find_period(period->text());
    if (!open) return refuse(open.error().message);
    if (!*open) return refuse(fmt::format("period {} is not open for returns", period->text()));
    auto earlier = db_.returns().list_returns({std::nullopt, (*firm)->id, false});
    if (!earlier) return refuse(earlier.error().message);
    stats::FiguresByPeriod figures;
    bool revision = false;
    for (const store::ReturnRecord& e : *earlier) {
        auto p = stats::parse_period(e.period);
        if (!p) continue;
        if (*p == *period) {
            revision = true;
            continue;
        }
        for (const store::ReturnLineRecord& l : e.lines) figures[*p][l.indicator] = l.value;
    }
    if (revision && reason.empty()) {
        return refuse(fmt::format("{} has filed for {} already: a revision needs a reason", (*firm)->name_zh,
                                  period->text()));
    }
    const auto issues = stats::validate_return(indicators_, *period, r.lines, figures);
    for (const stats::ReturnIssue& i : issues) {
        const std::string place = i.line < r.places.size() ? r.places[i.line] : r.place;
        out.issues.push_back(FileIssue{place, i.message});
    }
    if (!out.issues.empty()) return out;
    store::ReturnRecord filed;
    filed.firm_id = (*firm)->id;
    filed.period = period->text();
    filed.channel = channel;
    filed.reason = revision ? reason : "";
    filed.filed_by = by;
    filed.filed_at = format_utc(clock_());
    for (const stats::ReturnLine& l : r.lines) filed.lines.push_back({l.indicator, l.value, l.unit, l.reason});
    auto stored = db_.returns().add_return(filed);
    if (!stored) return refuse(stored.error().message);
    out.filed = std::move(*stored);
    return out;
}

Result<std::vector<FilingOutcome>> ReturnsService::import_file(std::string_view bytes, const std::string& channel,
                                                               const std::string& reason, const std::string& by,
                                                               std::optional<std::int64_t> only_firm) {
    std::vector<FiledReturn> read;
    std::string used = channel;
    if (is_zip(bytes)) {
        auto r = read_returns_workbook(bytes);
        if (!r) return tl::unexpected(r.error());
        read.push_back(std::move(*r));
        if (used.empty()) used = "xlsx";
    } else {
        auto r = read_returns_csv(bytes);
        if (!r) return tl::unexpected(r.error());
        read = std::move(*r);
        if (used.empty()) used = "csv";
    }
    std::vector<FilingOutcome> out;
    for (const FiledReturn& r : read) out.push_back(file(r, used, reason, by, only_firm));
    return out;
}

Result<std::vector<ingest::workbook::OutSheet>> ReturnsService::template_for(const std::string& period,
                                                                             const std::string& firm_code) {
    if (indicators_error_) return tl::unexpected(*indicators_error_);
    auto p = stats::parse_period(period);
    if (!p) return tl::unexpected(p.error());
    auto firm = db_.stats().find_firm_by_code(firm_code);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm) {
        return fail(ErrorCode::kNotFound, fmt::format("no firm of the enterprise library has the credit code '{}'",
                                                      firm_code),
                    "firm");
    }
    return returns_template(indicators_, *p, firm_code, (*firm)->name_zh);
}

Result<LateReport> ReturnsService::late(const std::string& period, const std::optional<std::string>& as_of) {
    auto p = stats::parse_period(period);
    if (!p) return tl::unexpected(p.error());
    auto open = db_.returns().find_period(p->text());
    if (!open) return tl::unexpected(open.error());
    if (!*open) return fail(ErrorCode::kNotFound, fmt::format("period {} is not open", p->text()), "period");
    LateReport report;
    report.period = **open;
    std::string when = as_of.value_or(report.period.deadline);
    if (when.size() == 10) {
        auto day = parse_iso_date(when, "as_of");
        if (!day) return tl::unexpected(day.error());
        when += "T23:59:59.999Z";
    } else if (auto t = parse_utc(when, "as_of"); !t) {
        return tl::unexpected(t.error());
    }
    report.as_of = when;
    auto firms = db_.stats().list_firms({});
    if (!firms) return tl::unexpected(firms.error());
    auto filed = db_.returns().list_returns({p->text(), std::nullopt, true});
    if (!filed) return tl::unexpected(filed.error());
    std::vector<std::int64_t> expected;
    std::map<std::int64_t, store::FirmRecord> by_id;
    for (const store::FirmRecord& f : *firms) {
        if (!f.credit_code) continue;
        expected.push_back(f.id);
        by_id[f.id] = f;
    }
    std::vector<stats::Filing> filings;
    std::map<std::int64_t, std::string> first;
    for (const store::ReturnRecord& r : *filed) {
        if (r.revision == 1) {
            filings.push_back({r.firm_id, r.filed_at});
            first[r.firm_id] = r.filed_at;
        }
    }
    const auto late = stats::late_reporters(expected, filings, report.as_of);
    report.expected = static_cast<int>(expected.size());
    report.on_time = report.expected - static_cast<int>(late.size());
    for (std::int64_t id : late) {
        LateFirm l{by_id[id], std::nullopt};
        if (auto f = first.find(id); f != first.end()) l.filed_at = f->second;
        report.late.push_back(std::move(l));
    }
    return report;
}

Result<std::vector<store::ReturnRecord>> ReturnsService::returns(const store::ReturnFilter& filter) {
    if (filter.period) {
        if (auto p = stats::parse_period(*filter.period); !p) return tl::unexpected(p.error());
    }
    return db_.returns().list_returns(filter);
}

Result<store::ReturnQueryRecord> ReturnsService::query(std::int64_t firm_id, const std::string& period,
                                                       const std::string& indicator, const std::string& note,
                                                       const std::string& by) {
    if (note.empty()) return fail(ErrorCode::kInvalidArgument, "a query needs a note", "note");
    if (indicators_.find(indicator) == nullptr) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("unknown indicator '{}'", indicator), "indicator");
    }
    auto filed = db_.returns().list_returns({period, firm_id, false});
    if (!filed) return tl::unexpected(filed.error());
    if (filed->empty()) {
        return fail(ErrorCode::kNotFound, fmt::format("firm {} has filed no return for {}", firm_id, period), "firm");
    }
    return db_.returns().add_query({0, firm_id, period, indicator, note, by, format_utc(clock_())});
}

Result<TableData> ReturnsService::table(const std::string& name) {
    TableData t;
    auto firms = db_.stats().list_firms({});
    if (!firms) return tl::unexpected(firms.error());
    std::map<std::int64_t, const store::FirmRecord*> firm;
    for (const auto& f : *firms) firm[f.id] = &f;
    auto code_of = [&](std::int64_t id) -> std::string {
        auto f = firm.find(id);
        return f != firm.end() && f->second->credit_code ? *f->second->credit_code : std::string();
    };
    auto name_of = [&](std::int64_t id) -> std::string {
        auto f = firm.find(id);
        return f != firm.end() ? f->second->name_zh : std::string();
    };
    using ingest::workbook::OutCell;
    if (name == "returns" || name == "revisions") {
        t.header = {"period", "firm_code", "firm", "revision", "indicator", "value", "unit", "reason",
                    "revision_reason", "channel", "filed_by", "filed_at"};
        auto rs = db_.returns().list_returns({std::nullopt, std::nullopt, name == "revisions"});
        if (!rs) return tl::unexpected(rs.error());
        for (const auto& r : *rs) {
            for (const auto& l : r.lines) {
                t.rows.push_back({r.period, code_of(r.firm_id), name_of(r.firm_id), static_cast<double>(r.revision),
                                  l.indicator, l.value, l.unit, l.reason, r.reason, r.channel, r.filed_by, r.filed_at});
            }
        }
    } else if (name == "periods") {
        t.header = {"period", "frequency", "deadline", "opened_by", "opened_at"};
        auto ps = db_.returns().list_periods();
        if (!ps) return tl::unexpected(ps.error());
        for (const auto& p : *ps) t.rows.push_back({p.period, p.frequency, p.deadline, p.opened_by, p.opened_at});
    } else if (name == "firms") {
        t.header = {"id", "credit_code", "name_zh", "name_en", "town", "industry", "size_class", "products", "tags"};
        for (const auto& f : *firms) {
            t.rows.push_back({static_cast<double>(f.id), f.credit_code.value_or(""), f.name_zh, f.name_en, f.town,
                              f.industry, f.size_class, f.products, f.tags});
        }
    } else if (name == "queries") {
        t.header = {"period", "firm_code", "firm", "indicator", "note", "asked_by", "asked_at"};
        auto qs = db_.returns().list_queries(std::nullopt, std::nullopt);
        if (!qs) return tl::unexpected(qs.error());
        for (const auto& q : *qs) {
            t.rows.push_back({q.period, code_of(q.firm_id), name_of(q.firm_id), q.indicator, q.note, q.asked_by,
                              q.asked_at});
        }
    } else {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("table '{}' is not one of returns, revisions, periods, firms, queries", name), "table");
    }
    return t;
}

// ---- as a platform user sees them

Result<bool> ReturnsService::is_office(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return *kind == OrgKind::kAuthority || *kind == OrgKind::kAssociation;
}

Result<std::optional<store::FirmRecord>> ReturnsService::firm_of(const Principal& who) {
    auto firms = db_.stats().list_firms({});
    if (!firms) return tl::unexpected(firms.error());
    for (const auto& f : *firms) {
        if (f.org_id == who.org_id) return std::optional<store::FirmRecord>(f);
    }
    return std::optional<store::FirmRecord>();
}

namespace {

Error office_only(std::string_view what) {
    return Error{ErrorCode::kPermissionDenied,
                 fmt::format("only the industry office or the association may {}", what), "organisation"};
}

Error no_firm() {
    return Error{ErrorCode::kPermissionDenied,
                 "your organisation is linked to no firm of the enterprise library with a credit code: the office "
                 "links it first",
                 "organisation"};
}

}  // namespace

Result<store::ReportPeriodRecord> ReturnsService::open_period(const Principal& who, const std::string& period,
                                                              const std::string& deadline) {
    auto office = is_office(who);
    if (!office) return tl::unexpected(office.error());
    if (!*office) return tl::unexpected(office_only("open a reporting period"));
    return open_period(period, deadline, who.login);
}

Result<FilingOutcome> ReturnsService::file_online(const Principal& who, const std::string& period,
                                                  const std::vector<stats::ReturnLine>& lines,
                                                  const std::string& reason) {
    auto firm = firm_of(who);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm || !(*firm)->credit_code) return tl::unexpected(no_firm());
    FiledReturn r;
    r.firm_code = *(*firm)->credit_code;
    r.period = period;
    r.place = "the return";
    r.lines = lines;
    for (std::size_t i = 0; i < lines.size(); ++i) r.places.push_back(fmt::format("lines[{}]", i));
    return file(r, "online", reason, who.login, (*firm)->id);
}

Result<std::vector<FilingOutcome>> ReturnsService::upload(const Principal& who, std::string_view bytes,
                                                          const std::string& reason) {
    auto firm = firm_of(who);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm || !(*firm)->credit_code) return tl::unexpected(no_firm());
    return import_file(bytes, "", reason, who.login, (*firm)->id);
}

Result<std::vector<store::ReturnRecord>> ReturnsService::returns(const Principal& who,
                                                                 const store::ReturnFilter& filter) {
    auto office = is_office(who);
    if (!office) return tl::unexpected(office.error());
    if (*office) return returns(filter);
    auto firm = firm_of(who);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm || (filter.firm_id && *filter.firm_id != (*firm)->id)) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("firm {} not found", filter.firm_id ? std::to_string(*filter.firm_id) : "of yours"),
                    "firm");
    }
    store::ReturnFilter own = filter;
    own.firm_id = (*firm)->id;
    return returns(own);
}

Result<store::ReturnQueryRecord> ReturnsService::query(const Principal& who, std::int64_t firm_id,
                                                       const std::string& period, const std::string& indicator,
                                                       const std::string& note) {
    auto office = is_office(who);
    if (!office) return tl::unexpected(office.error());
    if (!*office) return tl::unexpected(office_only("query a firm's figure"));
    return query(firm_id, period, indicator, note, who.login);
}

Result<std::vector<store::ReturnQueryRecord>> ReturnsService::queries(const Principal& who,
                                                                      std::optional<std::int64_t> firm_id) {
    auto office = is_office(who);
    if (!office) return tl::unexpected(office.error());
    if (*office) return db_.returns().list_queries(firm_id, std::nullopt);
    auto firm = firm_of(who);
    if (!firm) return tl::unexpected(firm.error());
    if (!*firm || (firm_id && *firm_id != (*firm)->id)) {
        return fail(ErrorCode::kNotFound, "firm not found", "firm");
    }
    return db_.returns().list_queries((*firm)->id, std::nullopt);
}

Result<LateReport> ReturnsService::late(const Principal& who, const std::string& period,
                                        const std::optional<std::string>& as_of) {
    auto office = is_office(who);
    if (!office) return tl::unexpected(office.error());
    if (!*office) return tl::unexpected(office_only("see who has not reported"));
    return late(period, as_of);
}

// ---- JSON and CSV

nlohmann::json to_json(const store::ReportPeriodRecord& p) {
    return {{"period", p.period},       {"frequency", p.frequency}, {"deadline", p.deadline},
            {"opened_by", p.opened_by}, {"opened_at", p.opened_at}};
}

nlohmann::json to_json(const store::ReturnRecord& r) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : r.lines) {
        lines.push_back({{"indicator", l.indicator}, {"value", l.value}, {"unit", l.unit}, {"reason", l.reason}});
    }
    return {{"id", r.id},           {"firm_id", r.firm_id},   {"period", r.period},   {"revision", r.revision},
            {"channel", r.channel}, {"reason", r.reason},     {"filed_by", r.filed_by}, {"filed_at", r.filed_at},
            {"lines", lines}};
}

nlohmann::json to_json(const FilingOutcome& o) {
    nlohmann::json issues = nlohmann::json::array();
    for (const auto& i : o.issues) issues.push_back({{"place", i.place}, {"message", i.message}});
    return {{"firm_code", o.firm_code},
            {"period", o.period},
            {"place", o.place},
            {"accepted", o.filed.has_value()},
            {"return", o.filed ? to_json(*o.filed) : nlohmann::json(nullptr)},
            {"issues", issues}};
}

nlohmann::json to_json(const LateReport& r) {
    nlohmann::json late = nlohmann::json::array();
    for (const auto& l : r.late) {
        late.push_back({{"firm_id", l.firm.id},
                        {"credit_code", l.firm.credit_code.value_or("")},
                        {"name_zh", l.firm.name_zh},
                        {"filed_at", l.filed_at ? nlohmann::json(*l.filed_at) : nlohmann::json(nullptr)}});
    }
    return {{"period", r.period.period}, {"deadline", r.period.deadline}, {"as_of", r.as_of},
            {"expected", r.expected},    {"on_time", r.on_time},          {"late", late}};
}

nlohmann::json to_json(const store::ReturnQueryRecord& q) {
    return {{"id", q.id},     {"firm_id", q.firm_id},   {"period", q.period},    {"indicator", q.indicator},
            {"note", q.note}, {"asked_by", q.asked_by}, {"asked_at", q.asked_at}};
}

nlohmann::json to_json(const stats::IndicatorSet& set) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& i : set.indicators) {
        list.push_back({{"code", i.code},
                        {"name_zh", i.name_zh},
                        {"name_en", i.name_en},
                        {"unit", i.unit},
                        {"frequency", std::string(stats::to_string(i.frequency))},
                        {"basis", std::string(stats::to_string(i.basis))},
                        {"monotone", i.monotone},
                        {"min", i.min},
                        {"max", i.max},
                        {"max_change", i.max_change}});
    }
    return {{"version", set.version}, {"indicators", list}};
}

std::string to_csv(const TableData& table) {
    std::string out = csv::record(table.header);
    for (const auto& row : table.rows) {
        std::vector<std::string> fields;
        for (const auto& cell : row) {
            if (const auto* s = std::get_if<std::string>(&cell)) {
                fields.push_back(*s);
            } else if (const auto* d = std::get_if<double>(&cell)) {
                fields.push_back(figure_text(*d));
            } else {
                fields.emplace_back();
            }
        }
        out += csv::record(fields);
    }
    return out;
}

}  // namespace yandian::app
