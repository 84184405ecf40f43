#include "app/stats/stats_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/market_service.hpp"
#include "app/utc_time.hpp"
#include "stats/credit_code.hpp"
#include "stats/plan_tables.hpp"
#include "stats/size_class.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

constexpr double kFenPerWan = 10000.0 * 100.0;

stats::TargetSpec spec_of(const store::PlanTargetRecord& t) {
    stats::TargetSpec s;
    auto measure = stats::parse_measure(t.measure);
    s.measure = measure ? *measure : stats::Measure::kQualitative;
    s.baseline_year = t.baseline_year;
    s.baseline_value = t.baseline_value;
    s.target_year = t.target_year;
    s.target_low = t.target_low;
    s.target_high = t.target_high;
    s.issue = t.issue;
    return s;
}

std::vector<stats::Observation> observations(const std::vector<store::PlanActualRecord>& actuals, std::int64_t id) {
    std::vector<stats::Observation> out;
    for (const store::PlanActualRecord& a : actuals) {
        if (a.target_id == id) out.push_back(stats::Observation{a.year, a.value});
    }
    return out;
}

std::string join_tags(std::vector<std::string> tags) {
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    std::string out;
    for (const std::string& t : tags) out += (out.empty() ? "" : ";") + t;
    return out;
}

template <std::size_t N>
bool one_of(const std::string& v, const char* const (&set)[N]) {
    return std::any_of(std::begin(set), std::end(set), [&](const char* s) { return v == s; });
}

}  // namespace

Result<std::string> parse_plan(const std::string& text) {
    if (one_of(text, kIndustries)) return text;
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("plan '{}' is not one of bearing, textile, farm_machinery", text), "plan");
}

StatsService::StatsService(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

Result<SeedReport> StatsService::seed_plan(const std::string& by) {
    auto tables = stats::plan_tables();
    if (!tables) return tl::unexpected(tables.error());
    // The tables give bearing-business revenue in 万元: a lower bound of the firm's main-business revenue.
    std::map<std::string, double> revenue_2020;
    for (const stats::EnterpriseTargetRow& e : tables->enterprise_targets) revenue_2020[e.name_zh] = e.baseline_value;
    const std::string now = format_utc(clock_());
    SeedReport report;
    auto& s = db_.stats();
    auto done = db_.in_transaction([&]() -> Status {
        std::map<std::string, std::int64_t> firm_ids;
        for (const stats::FirmRow& row : tables->firms) {
            auto present = s.find_firm_by_name(row.name_zh);
            if (!present) return tl::unexpected(present.error());
            if (*present) {
                firm_ids[row.name_zh] = (*present)->id;
                ++report.firms_present;
                continue;
            }
            store::FirmRecord f;
            f.name_zh = row.name_zh;
            f.name_en = row.label_en;
            f.industry = row.industry;
            f.size_class = "unknown";
            if (auto r = revenue_2020.find(row.name_zh); r != revenue_2020.end()) {
                const auto fen = static_cast<std::int64_t>(std::llround(r->second * kFenPerWan));
                f.size_class = std::string(stats::to_string(stats::size_class_from_lower_bound(fen)));
            }
            f.products = row.products_zh;
            f.tags = join_tags(row.tags);
            f.source = fmt::format("2021-2025 {} plan, line {}", row.industry, row.line);
            f.created_at = now;
            f.updated_at = now;
            auto added = s.create_firm(f, by);
            if (!added) return tl::unexpected(added.error());
            firm_ids[row.name_zh] = added->id;
            ++report.firms_added;
        }
        std::vector<store::PlanTargetRecord> records;
        for (const stats::PlanTargetRow& row : tables->targets) {
            store::PlanTargetRecord t;
            t.key = row.key;
            t.plan = row.plan;
            t.scope = "industry";
            t.indicator_zh = row.indicator_zh;
            t.label_en = row.label_en;
            t.unit = row.unit;
            t.kind = row.kind;
            t.measure = std::string(stats::to_string(row.measure));
            t.baseline_year = row.baseline_year;
            t.baseline_value = row.baseline_value;
            t.baseline_line = row.baseline_line;
            t.baseline_note = row.baseline_year_basis;
            t.target_year = row.target_year;
            t.target_low = row.target_low;
            t.target_high = row.target_high;
            t.value_text = row.value_text;
            t.qualifier = row.qualifier;
            t.source_line = row.line;
            t.issue = row.issue;
            records.push_back(std::move(t));
        }
        for (const stats::EnterpriseTargetRow& row : tables->enterprise_targets) {
            store::PlanTargetRecord t;
            t.key = row.key;
            t.plan = row.plan;
            t.scope = "enterprise";
            t.group = row.group;
            t.rank = row.rank;
            if (auto id = firm_ids.find(row.name_zh); id != firm_ids.end()) t.firm_id = id->second;
            t.indicator_zh = row.metric_zh;
            t.label_en = row.label_en;
            t.unit = row.unit;
            t.kind = "total";
            t.measure = "level";
            t.baseline_year = row.baseline_year;
            t.baseline_value = row.baseline_value;
            t.baseline_line = row.baseline_line;
            t.target_year = row.target_year;
            t.target_low = row.target_value;
            t.target_high = row.target_value;
            t.value_text = row.table_zh;
            t.source_line = row.target_line;
            records.push_back(std::move(t));
        }
        auto added = s.insert_targets(records);
        if (!added) return tl::unexpected(added.error());
        report.targets_added = static_cast<int>(*added);
        report.targets_present = static_cast<int>(records.size()) - report.targets_added;
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return report;
}

Result<PlanProgressReport> StatsService::plan_progress(const std::optional<std::string>& plan) {
    auto& s = db_.stats();
    auto all = s.list_targets(std::nullopt);
    if (!all) return tl::unexpected(all.error());
    if (all->empty()) {
        return fail(ErrorCode::kFailedPrecondition,
                    "the store holds no plan targets: run `yandian plan seed --db ...` first", "db");
    }
    auto actuals = s.list_actuals(std::nullopt);
    if (!actuals) return tl::unexpected(actuals.error());
    PlanProgressReport report;
    std::map<std::string, std::vector<stats::GroupMember>> groups;
    std::map<std::string, std::string> captions;
    for (const store::PlanTargetRecord& t : *all) {
        if (plan && t.plan != *plan) continue;
        const stats::TargetSpec spec = spec_of(t);
        std::vector<stats::Observation> obs = observations(*actuals, t.id);
        TargetProgress row{t, stats::track(spec, obs)};
        if (t.scope == "enterprise") {
            groups[t.group].push_back(stats::GroupMember{spec, std::move(obs)});
            captions[t.group] = t.value_text;
            report.enterprises.push_back(std::move(row));
        } else {
            report.targets.push_back(std::move(row));
        }
    }
    for (const char* name : {"key", "high_growth"}) {
        auto it = groups.find(name);
        if (it == groups.end()) continue;
        auto total = stats::sum_group(it->second);
        if (!total) return tl::unexpected(total.error());
        GroupProgress g;
        g.group = name;
        g.table_zh = captions[name];
        g.members = static_cast<int>(it->second.size());
        g.total = total->spec;
        g.progress = stats::track(total->spec, total->actuals);
        report.groups.push_back(std::move(g));
    }
    return report;
}

Result<store::PlanActualRecord> StatsService::add_actual(std::int64_t target_id, int year, double value,
                                                         const std::string& source, const std::string& by) {
    if (year < 1949 || year > 2200) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("year {} is outside 1949-2200", year), "year");
    }
    if (!std::isfinite(value) || value < 0) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("value {} is not a figure of 0 or more", value), "value");
    }
    if (source.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorCode::kInvalidArgument, "an actual needs its source (bulletin, return, ...)", "source");
    }
    auto target = db_.stats().find_target(target_id);
    if (!target) return tl::unexpected(target.error());
    if (!*target) {
        return fail(ErrorCode::kNotFound, fmt::format("plan target {} not found (plan progress lists the ids)", target_id),
                    "target");
    }
    return db_.stats().add_actual(store::PlanActualRecord{0, target_id, year, value, source, by, format_utc(clock_())});
}

Result<store::FirmRecord> StatsService::add_firm(const FirmInput& in, const std::string& by) {
    store::FirmRecord f;
    if (in.credit_code) {
        auto code = stats::validate_credit_code(*in.credit_code);
        if (!code) return tl::unexpected(code.error());
        f.credit_code = *code;
    }
    if (in.name_zh.find_first_not_of(' ') == std::string::npos) {
        return fail(ErrorCode::kInvalidArgument, "a firm needs its registered name (name_zh)", "name_zh");
    }
    if (!one_of(in.industry, kIndustries)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("industry '{}' is not one of bearing, textile, farm_machinery", in.industry),
                    "industry");
    }
    auto size = stats::parse_size_class(in.size_class);
    if (!size) return tl::unexpected(size.error());
    if (in.revenue_wan) {
        if (!std::isfinite(*in.revenue_wan) || *in.revenue_wan < 0) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("revenue {} is not an amount of 0 or more (万元)", *in.revenue_wan), "revenue");
        }
        size = stats::size_class_of(static_cast<std::int64_t>(std::llround(*in.revenue_wan * kFenPerWan)));
    }
    for (const std::string& tag : in.tags) {
        if (!one_of(tag, kFirmTags)) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("tag '{}' is not one of key, high_growth, specialised, high_tech, cultivation", tag),
                        "tags");
        }
    }
    f.name_zh = in.name_zh;
    f.name_en = in.name_en;
    f.town = in.town;
    f.industry = in.industry;
    f.size_class = std::string(stats::to_string(*size));
    f.products = in.products;
    f.tags = join_tags(in.tags);
    f.org_id = in.org_id;
    f.source = "entered by " + by;
    f.created_at = format_utc(clock_());
    f.updated_at = f.created_at;
    return db_.stats().create_firm(f, by);
}

Result<store::FirmRecord> StatsService::update_firm(std::int64_t id, const FirmChanges& in, const std::string& by) {
    auto stored = db_.stats().find_firm(id);
    if (!stored) return tl::unexpected(stored.error());
    if (!*stored) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", id), "id");
    store::FirmRecord f = **stored;
    std::string change;
    auto note = [&](std::string_view field, const std::string& before, const std::string& after) {
        if (before == after) return;
        change += fmt::format("{}{}: {} -> {}", change.empty() ? "" : "; ", field, before.empty() ? "-" : before,
                              after.empty() ? "-" : after);
    };
    if (in.credit_code) {
        auto code = stats::validate_credit_code(*in.credit_code);
        if (!code) return tl::unexpected(code.error());
        note("credit_code", f.credit_code.value_or(""), *code);
        f.credit_code = *code;
    }
    if (in.name_en) {
        note("name_en", f.name_en, *in.name_en);
        f.name_en = *in.name_en;
    }
    if (in.town) {
        note("town", f.town, *in.town);
        f.town = *in.town;
    }
    if (in.products) {
        note("products", f.products, *in.products);
        f.products = *in.products;
    }
    if (in.size_class || in.revenue_wan) {
        auto size = stats::parse_size_class(in.size_class.value_or(f.size_class));
        if (!size) return tl::unexpected(size.error());
        if (in.revenue_wan) {
            if (!std::isfinite(*in.revenue_wan) || *in.revenue_wan < 0) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("revenue {} is not an amount of 0 or more (万元)", *in.revenue_wan), "revenue");
            }
            size = stats::size_class_of(static_cast<std::int64_t>(std::llround(*in.revenue_wan * kFenPerWan)));
        }
        const std::string after(stats::to_string(*size));
        note("size_class", f.size_class, after);
        f.size_class = after;
    }
    if (in.tags) {
        for (const std::string& tag : *in.tags) {
            if (!one_of(tag, kFirmTags)) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("tag '{}' is not one of key, high_growth, specialised, high_tech, cultivation",
                                        tag),
                            "tags");
            }
        }
        const std::string after = join_tags(*in.tags);
        note("tags", f.tags, after);
        f.tags = after;
    }
    if (in.org_id) {
        note("org_id", f.org_id ? std::to_string(*f.org_id) : "", std::to_string(*in.org_id));
        f.org_id = in.org_id;
    }
    if (change.empty()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("nothing to change: firm {} already has these values", id),
                    "id");
    }
    f.updated_at = format_utc(clock_());
    return db_.stats().update_firm(f, by, change);
}

Result<std::vector<store::FirmRecord>> StatsService::list_firms(const store::FirmFilter& filter) {
    if (filter.industry && !one_of(*filter.industry, kIndustries)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("industry '{}' is not one of bearing, textile, farm_machinery", *filter.industry),
                    "industry");
    }
    return db_.stats().list_firms(filter);
}

Result<FirmView> StatsService::show_firm(std::int64_t id) {
    auto f = db_.stats().find_firm(id);
    if (!f) return tl::unexpected(f.error());
    if (!*f) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", id), "id");
    auto history = db_.stats().firm_history(id);
    if (!history) return tl::unexpected(history.error());
    return FirmView{**f, std::move(*history)};
}

// ---- as a platform user sees them

namespace {

// True for the industry office and the association, who keep the libraries.
Result<bool> keeps_libraries(store::Database& db, const Principal& who) {
    auto kind = organisation_kind(db, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return *kind == OrgKind::kAuthority || *kind == OrgKind::kAssociation;
}

}  // namespace

Result<PlanProgressReport> StatsService::plan_progress(const Principal& who, const std::optional<std::string>& plan) {
    auto keeper = keeps_libraries(db_, who);
    if (!keeper) return tl::unexpected(keeper.error());
    auto report = plan_progress(plan);
    if (!report || *keeper) return report;
    std::erase_if(report->enterprises, [&](const TargetProgress& t) {
        if (!t.target.firm_id) return true;
        auto firm = db_.stats().find_firm(*t.target.firm_id);
        return !firm || !*firm || (*firm)->org_id != who.org_id;
    });
    return report;
}

Result<std::vector<store::FirmRecord>> StatsService::list_firms(const Principal& who, const store::FirmFilter& filter) {
    auto keeper = keeps_libraries(db_, who);
    if (!keeper) return tl::unexpected(keeper.error());
    auto firms = list_firms(filter);
    if (!firms || *keeper) return firms;
    std::erase_if(*firms, [&](const store::FirmRecord& f) { return f.org_id != who.org_id; });
    return firms;
}

Result<FirmView> StatsService::show_firm(const Principal& who, std::int64_t id) {
    auto keeper = keeps_libraries(db_, who);
    if (!keeper) return tl::unexpected(keeper.error());
    auto view = show_firm(id);
    if (!view || *keeper) return view;
    if (view->firm.org_id != who.org_id) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", id), "id");
    return view;
}

// ---- JSON

namespace {

template <class T>
nlohmann::json opt(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json progress_json(const stats::Progress& p) {
    nlohmann::json j{
        {"required_cagr_low", opt(p.required_cagr_low)},
        {"required_cagr_high", opt(p.required_cagr_high)},
        {"latest_actual", p.latest ? nlohmann::json{{"year", p.latest->year}, {"value", p.latest->value}}
                                   : nlohmann::json(nullptr)},
        {"achieved_cagr", opt(p.achieved_cagr)},
        {"needed_cagr_low", opt(p.needed_cagr_low)},
        {"needed_cagr_high", opt(p.needed_cagr_high)},
        {"status", std::string(stats::to_string(p.status))},
        {"reasons", p.reasons},
    };
    if (p.forecast) {
        j["forecast"] = {{"year", p.forecast->year},        {"value", p.forecast->value},
                         {"low", opt(p.forecast->low)},     {"high", opt(p.forecast->high)},
                         {"level", p.forecast->level},      {"observations", p.forecast->observations},
                         {"method", p.forecast->method}};
    } else {
        j["forecast"] = nullptr;
    }
    return j;
}

nlohmann::json target_json(const TargetProgress& t) {
    const store::PlanTargetRecord& r = t.target;
    nlohmann::json j{
        {"id", r.id},
        {"key", r.key},
        {"plan", r.plan},
        {"indicator_zh", r.indicator_zh},
        {"indicator_en", r.label_en},
        {"unit", r.unit},
        {"kind", r.kind},
        {"measure", r.measure},
        {"baseline_year", opt(r.baseline_year)},
        {"baseline_value", opt(r.baseline_value)},
        {"baseline_line", opt(r.baseline_line)},
        {"baseline_note", r.baseline_note},
        {"target_year", opt(r.target_year)},
        {"target_low", opt(r.target_low)},
        {"target_high", opt(r.target_high)},
        {"value_text", r.value_text},
        {"qualifier", r.qualifier},
        {"line", r.source_line},
        {"issue", r.issue},
    };
    if (r.scope == "enterprise") {
        j["group"] = r.group;
        j["rank"] = opt(r.rank);
        j["firm_id"] = opt(r.firm_id);
    }
    j.update(progress_json(t.progress));
    return j;
}

}  // namespace

nlohmann::json to_json(const PlanProgressReport& report) {
    nlohmann::json targets = nlohmann::json::array();
    for (const TargetProgress& t : report.targets) targets.push_back(target_json(t));
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupProgress& g : report.groups) {
        nlohmann::json j{{"group", g.group},
                         {"table_zh", g.table_zh},
                         {"members", g.members},
                         {"baseline_year", opt(g.total.baseline_year)},
                         {"baseline_value", opt(g.total.baseline_value)},
                         {"target_year", opt(g.total.target_year)},
                         {"target_low", opt(g.total.target_low)},
                         {"target_high", opt(g.total.target_high)}};
        j.update(progress_json(g.progress));
        groups.push_back(std::move(j));
    }
    nlohmann::json enterprises = nlohmann::json::array();
    for (const TargetProgress& t : report.enterprises) enterprises.push_back(target_json(t));
    return {{"targets", targets}, {"enterprise_groups", groups}, {"enterprises", enterprises}};
}

nlohmann::json to_json(const store::FirmRecord& f) {
    return {{"id", f.id},
            {"credit_code", opt(f.credit_code)},
            {"name_zh", f.name_zh},
            {"name_en", f.name_en},
            {"town", f.town},
            {"industry", f.industry},
            {"size_class", f.size_class},
            {"products", f.products},
            {"tags", f.tags},
            {"org_id", opt(f.org_id)},
            {"source", f.source},
            {"created_at", f.created_at},
            {"updated_at", f.updated_at}};
}

nlohmann::json to_json(const FirmView& view) {
    nlohmann::json j = to_json(view.firm);
    nlohmann::json history = nlohmann::json::array();
    for (const store::FirmChangeRecord& h : view.history) {
        history.push_back({{"changed_at", h.changed_at}, {"changed_by", h.changed_by}, {"change", h.change}});
    }
    j["history"] = history;
    return j;
}

}  // namespace yandian::app
