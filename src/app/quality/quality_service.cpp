#include "app/quality/quality_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "app/market_service.hpp"
#include "app/utc_time.hpp"
#include "common/json_text.hpp"
#include "quality/bundled.hpp"
#include "quality/sampling_csv.hpp"
#include "stats/credit_code.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

using ojson = nlohmann::ordered_json;

tl::unexpected<Error> bad(std::string message, std::string field) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

std::optional<std::string> date_text(const std::optional<DayNumber>& d) {
    if (!d) return std::nullopt;
    return format_iso_date(*d);
}

Result<std::optional<DayNumber>> optional_date(const std::optional<std::string>& text, std::string_view field) {
    if (!text) return std::optional<DayNumber>();
    auto d = parse_iso_date(*text, field);
    if (!d) return tl::unexpected(d.error());
    return std::optional<DayNumber>(*d);
}

}  // namespace

Result<QualityConfig> quality_config(const std::optional<std::string>& rules_json) {
    QualityConfig c;
    auto rules = rules_json ? quality::parse_rules(*rules_json) : quality::bundled_rules();
    if (!rules) return tl::unexpected(rules.error());
    auto windows = quality::bundled_windows();
    if (!windows) return tl::unexpected(windows.error());
    auto calendar = quality::bundled_calendar();
    if (!calendar) return tl::unexpected(calendar.error());
    auto terms = quality::blacklist_terms(*windows);
    if (!terms) return tl::unexpected(terms.error());
    c.rules = std::move(*rules);
    c.windows = std::move(*windows);
    c.calendar = std::move(*calendar);
    c.terms = *terms;
    return c;
}

Result<quality::Entry> to_core(const store::QualityEntryRecord& r) {
    quality::Entry e;
    e.id = r.id;
    e.firm_id = r.firm_id;
    auto kind = quality::parse_kind(r.kind);
    if (!kind) return tl::unexpected(kind.error());
    e.kind = *kind;
    e.subkind = r.subkind;
    auto date = parse_iso_date(r.entry_date, "entry_date");
    if (!date) return tl::unexpected(date.error());
    e.date = *date;
    auto valid = optional_date(r.valid_until, "valid_until");
    if (!valid) return tl::unexpected(valid.error());
    e.valid_until = *valid;
    e.outcome = r.outcome;
    e.retest = r.retest;
    e.corrects = r.corrects;
    try {
        const auto fields = nlohmann::json::parse(r.fields_json);
        for (const auto& [k, v] : fields.items()) e.fields[k] = v.is_string() ? v.get<std::string>() : v.dump();
    } catch (const nlohmann::json::exception& ex) {
        return fail(ErrorCode::kInternal, fmt::format("entry {}: stored fields are not JSON: {}", r.id, ex.what()));
    }
    e.source = r.source;
    e.entered_by = r.entered_by;
    for (auto [text, out] : {std::pair{&r.published_from, &e.published_from},
                             std::pair{&r.published_until, &e.published_until},
                             std::pair{&r.retain_until, &e.retain_until}}) {
        auto d = optional_date(*text, "window");
        if (!d) return tl::unexpected(d.error());
        *out = *d;
    }
    return e;
}

Result<quality::BlacklistEvent> to_core(const store::BlacklistEventRecord& r) {
    auto action = quality::parse_action(r.action);
    if (!action) return tl::unexpected(action.error());
    auto date = parse_iso_date(r.event_date, "event_date");
    if (!date) return tl::unexpected(date.error());
    return quality::BlacklistEvent{r.id, r.firm_id, *action, *date, r.decision_no, r.reasons, r.recorded_by};
}

QualityService::QualityService(store::Database& db, Clock clock, QualityConfig config)
    : db_(db), clock_(std::move(clock)), config_(std::move(config)) {}

DayNumber QualityService::today() const {
    const auto days = std::chrono::floor<std::chrono::days>(clock_().time_since_epoch());
    return days.count();
}

Result<store::FirmRecord> QualityService::resolve_firm(const std::string& ref) {
    if (ref.empty()) return bad("firm: give a firm id or its unified social credit code", "firm");
    const bool digits = std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && ref.size() < 18) {
        auto f = db_.stats().find_firm(std::stoll(ref));
        if (!f) return tl::unexpected(f.error());
        if (!*f) return fail(ErrorCode::kNotFound, fmt::format("firm {} is not in the enterprise library", ref), "firm");
        return **f;
    }
    auto code = stats::validate_credit_code(ref);
    if (!code) return tl::unexpected(code.error());
    auto f = db_.stats().find_firm_by_code(*code);
    if (!f) return tl::unexpected(f.error());
    if (!*f) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("no firm with credit code {} in the enterprise library (add it with yandian firm add)",
                                *code),
                    "firm");
    }
    return **f;
}

Result<store::FirmRecord> QualityService::firm_of_org(std::int64_t org_id) {
    auto firms = db_.stats().list_firms({});
    if (!firms) return tl::unexpected(firms.error());
    for (const auto& f : *firms) {
        if (f.org_id == org_id) return f;
    }
    return fail(ErrorCode::kNotFound,
                fmt::format("no firm of the enterprise library is linked to organisation {} (yandian firm set ID "
                            "--org-id {})",
                            org_id, org_id),
                "org_id");
}

Result<QualityCaller> QualityService::caller(const Principal& who) {
    QualityCaller c;
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    c.keeper = *kind == OrgKind::kAuthority || *kind == OrgKind::kAssociation;
    c.can_write = c.keeper && who.role != Role::kViewer;
    auto firms = db_.stats().list_firms({});
    if (!firms) return tl::unexpected(firms.error());
    for (const auto& f : *firms) {
        if (f.org_id == who.org_id) c.firm = f;
    }
    return c;
}

Result<store::QualityEntryRecord> QualityService::entry(std::int64_t id) {
    auto e = db_.quality().find_entry(id);
    if (!e) return tl::unexpected(e.error());
    if (!*e) return fail(ErrorCode::kNotFound, fmt::format("entry {} not found", id), "entry");
    return **e;
}

Result<FileView> QualityService::file(const store::FirmRecord& firm, DayNumber on) {
    auto f = load_file(firm.id);
    if (!f) return tl::unexpected(f.error());
    auto records = db_.quality().list_entries(firm.id);
    if (!records) return tl::unexpected(records.error());
    FileView view;
    view.firm = firm;
    view.on = format_iso_date(on);
    view.rating = quality::rate(*f, config_.rules, on, config_.terms);
    for (std::size_t i = 0; i < records->size() && i < f->entries.size(); ++i) {
        if (!quality::held_on(f->entries[i], on)) continue;
        const auto& r = (*records)[i];
        view.entries.push_back(r);
        if (r.corrects) view.followed_by[*r.corrects].push_back(r.id);
    }
    for (const quality::EffectiveEntry& e : quality::effective_entries(f->entries, on)) {
        view.effective.push_back(e.entry.id);
    }
    auto objections = this->objections(firm.id, false, on);
    if (!objections) return tl::unexpected(objections.error());
    view.objections = std::move(*objections);
    auto grades = db_.quality().grade_history(firm.id);
    if (!grades) return tl::unexpected(grades.error());
    view.grades = std::move(*grades);
    return view;
}

Result<quality::CreditFile> QualityService::load_file(std::int64_t firm_id) {
    quality::CreditFile file;
    file.firm_id = firm_id;
    auto entries = db_.quality().list_entries(firm_id);
    if (!entries) return tl::unexpected(entries.error());
    for (const auto& r : *entries) {
        auto e = to_core(r);
        if (!e) return tl::unexpected(e.error());
        file.entries.push_back(std::move(*e));
    }
    auto events = db_.quality().blacklist_events(firm_id);
    if (!events) return tl::unexpected(events.error());
    for (const auto& r : *events) {
        auto e = to_core(r);
        if (!e) return tl::unexpected(e.error());
        file.blacklist.push_back(*e);
    }
    return file;
}

Result<store::QualityEntryRecord> QualityService::prepare_entry(const store::FirmRecord& firm, const EntryInput& in,
                                                                const std::string& by) {
    quality::Entry e;
    auto kind = quality::parse_kind(in.kind);
    if (!kind) return tl::unexpected(kind.error());
    e.kind = *kind;
    e.firm_id = firm.id;
    e.subkind = in.subkind;
    auto date = parse_iso_date(in.date, "date");
    if (!date) return tl::unexpected(date.error());
    e.date = *date;
    auto valid = optional_date(in.valid_until, "valid_until");
    if (!valid) return tl::unexpected(valid.error());
    e.valid_until = *valid;
    e.outcome = in.outcome;
    e.retest = in.retest;
    e.corrects = in.corrects;
    e.fields = in.fields;
    e.source = in.source;
    e.entered_by = by;
    auto file = load_file(firm.id);
    if (!file) return tl::unexpected(file.error());
    if (auto ok = quality::check_entry(e, file->entries); !ok) return tl::unexpected(ok.error());
    auto window = quality::window_for(e, config_.windows);
    if (!window) return tl::unexpected(window.error());
    store::QualityEntryRecord r;
    r.firm_id = firm.id;
    r.kind = in.kind;
    r.subkind = e.subkind;
    r.entry_date = format_iso_date(e.date);
    r.valid_until = date_text(e.valid_until);
    r.outcome = e.outcome;
    r.retest = e.retest;
    r.corrects = e.corrects;
    r.fields_json = json_text(nlohmann::json(e.fields));
    r.source = e.source;
    r.entered_by = by;
    r.entered_at = format_utc(clock_());
    r.published_from = date_text(window->published_from);
    r.published_until = date_text(window->published_until);
    r.retain_until = date_text(window->retain_until);
    return r;
}

Result<store::QualityEntryRecord> QualityService::append_and_rate(const store::FirmRecord& firm,
                                                                  const store::QualityEntryRecord& r,
                                                                  const std::string& by) {
    auto added = db_.quality().append_entry(r);
    if (!added) return tl::unexpected(added.error());
    auto rated = rate(firm, std::nullopt, true, fmt::format("{} (entry {})", by, added->id));
    if (!rated) return tl::unexpected(rated.error());
    return added;
}

Result<store::QualityEntryRecord> QualityService::add_entry(const store::FirmRecord& firm, const EntryInput& in,
                                                            const std::string& by) {
    auto r = prepare_entry(firm, in, by);
    if (!r) return tl::unexpected(r.error());
    Result<store::QualityEntryRecord> added = fail(ErrorCode::kInternal, "not run");
    auto done = db_.in_transaction([&]() -> Status {
        added = append_and_rate(firm, *r, by);
        if (!added) return tl::unexpected(added.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return added;
}

Result<ImportReport> QualityService::import_sampling(std::string_view text, const std::string& by) {
    auto parsed = quality::parse_sampling_csv(text);
    if (!parsed) return tl::unexpected(parsed.error());
    ImportReport report;
    report.errors = parsed->errors;
    for (const quality::SamplingRow& row : parsed->rows) {
        auto firm = resolve_firm(row.credit_code);
        if (!firm) {
            report.errors.push_back(Error{firm.error().code,
                                          fmt::format("line {}, column credit_code: {}", row.line, firm.error().message),
                                          "credit_code"});
            continue;
        }
        EntryInput in;
        in.kind = "sampling_inspection";
        in.date = format_iso_date(row.entry.date);
        in.outcome = row.entry.outcome;
        in.retest = row.entry.retest;
        in.fields = row.entry.fields;
        in.source = row.entry.source;
        auto added = add_entry(*firm, in, by);
        if (!added) {
            report.errors.push_back(Error{added.error().code,
                                          fmt::format("line {}: {}", row.line, added.error().message),
                                          added.error().field});
            continue;
        }
        ++report.added;
    }
    std::stable_sort(report.errors.begin(), report.errors.end(), [](const Error& a, const Error& b) {
        auto line = [](const Error& e) { return std::stoul(e.message.substr(5)); };
        return line(a) < line(b);
    });
    return report;
}

Result<RatingView> QualityService::rate(const store::FirmRecord& firm, std::optional<DayNumber> on, bool record,
                                        const std::string& by) {
    auto file = load_file(firm.id);
    if (!file) return tl::unexpected(file.error());
    RatingView view{firm, quality::rate(*file, config_.rules, on.value_or(today()), config_.terms)};
    if (record) {
        store::QualityGradeRecord g;
        g.firm_id = firm.id;
        g.rated_on = format_iso_date(view.rating.on);
        g.rules_version = view.rating.rules_version;
        g.score = view.rating.score;
        g.score_grade = view.rating.score_grade;
        g.grade = view.rating.grade;
        g.detail_json = json_text(quality::to_json(view.rating));
        g.rated_by = by;
        g.rated_at = format_utc(clock_());
        auto added = db_.quality().add_grade(g);
        if (!added) return tl::unexpected(added.error());
    }
    return view;
}

Result<std::vector<store::QualityGradeRecord>> QualityService::grade_history(std::int64_t firm_id) {
    return db_.quality().grade_history(firm_id);
}

Result<PublicView> QualityService::publish(DayNumber on, std::optional<std::int64_t> only) {
    PublicView view;
    view.on = format_iso_date(on);
    view.rules_version = config_.rules.version;
    auto entries = db_.quality().list_entries(only);
    if (!entries) return tl::unexpected(entries.error());
    auto events = db_.quality().blacklist_events(only);
    if (!events) return tl::unexpected(events.error());
    auto objections = db_.quality().list_objections(only, false);
    if (!objections) return tl::unexpected(objections.error());
    std::vector<std::int64_t> firm_ids;
    for (const auto& e : *entries) firm_ids.push_back(e.firm_id);
    for (const auto& e : *events) firm_ids.push_back(e.firm_id);
    std::sort(firm_ids.begin(), firm_ids.end());
    firm_ids.erase(std::unique(firm_ids.begin(), firm_ids.end()), firm_ids.end());
    for (std::int64_t id : firm_ids) {
        auto firm = db_.stats().find_firm(id);
        if (!firm) return tl::unexpected(firm.error());
        if (!*firm) continue;
        auto file = load_file(id);
        if (!file) return tl::unexpected(file.error());
        const quality::Rating rating = quality::rate(*file, config_.rules, on, config_.terms);
        const quality::BlacklistState black = quality::blacklist_state(file->blacklist, on, config_.terms);
        PublicFirmView f{**firm, rating.grade, rating.score, black.listed, {}};
        for (const quality::EffectiveEntry& e : quality::public_entries(file->entries, on)) {
            auto record = std::find_if(entries->begin(), entries->end(),
                                       [&](const store::QualityEntryRecord& r) { return r.id == e.entry.id; });
            if (record == entries->end()) continue;
            bool objected = false;
            for (const auto& o : *objections) {
                const bool concerns = std::find(e.versions.begin(), e.versions.end(), o.entry_id) != e.versions.end();
                if (!concerns || o.filed_on > view.on) continue;  // ISO dates compare as text
                if (o.status == "open" || (o.decided_on && *o.decided_on > view.on)) objected = true;
            }
            f.entries.push_back(PublicEntryView{*record, objected});
        }
        if (black.listed) {
            auto listing = std::find_if(events->begin(), events->end(), [&](const store::BlacklistEventRecord& r) {
                return r.id == black.listing->id;
            });
            if (listing != events->end()) {
                view.blacklist.push_back({**firm, *listing, format_iso_date(*black.expires_on)});
            }
        }
        view.firms.push_back(std::move(f));
    }
    return view;
}

Result<store::BlacklistEventRecord> QualityService::blacklist_event(const store::FirmRecord& firm,
                                                                    const std::string& action, const std::string& date,
                                                                    const std::string& decision_no,
                                                                    const std::string& reasons, const std::string& by) {
    auto a = quality::parse_action(action);
    if (!a) return tl::unexpected(a.error());
    auto d = parse_iso_date(date, "date");
    if (!d) return tl::unexpected(d.error());
    auto file = load_file(firm.id);
    if (!file) return tl::unexpected(file.error());
    const quality::BlacklistEvent event{0, firm.id, *a, *d, decision_no, reasons, by};
    if (auto ok = quality::check_blacklist_event(file->blacklist, event, config_.terms); !ok) {
        return tl::unexpected(ok.error());
    }
    store::BlacklistEventRecord r{0, firm.id, action, date, decision_no, reasons, by, format_utc(clock_())};
    Result<store::BlacklistEventRecord> added = fail(ErrorCode::kInternal, "not run");
    auto done = db_.in_transaction([&]() -> Status {
        added = db_.quality().add_blacklist_event(r);
        if (!added) return tl::unexpected(added.error());
        auto rated = rate(firm, std::nullopt, true, fmt::format("{} (blacklist event {})", by, added->id));
        if (!rated) return tl::unexpected(rated.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return added;
}

Result<std::vector<store::BlacklistEventRecord>> QualityService::blacklist_history(std::optional<std::int64_t> firm_id) {
    return db_.quality().blacklist_events(firm_id);
}

Result<store::ObjectionRecord> QualityService::file_objection(std::int64_t entry_id, const std::string& filed_on,
                                                              bool other_units, const std::string& grounds,
                                                              const std::string& by) {
    auto filed = parse_iso_date(filed_on, "filed_on");
    if (!filed) return tl::unexpected(filed.error());
    if (grounds.empty()) return bad("grounds: an objection states its grounds (and the evidence)", "grounds");
    auto entry = db_.quality().find_entry(entry_id);
    if (!entry) return tl::unexpected(entry.error());
    if (!*entry) return fail(ErrorCode::kNotFound, fmt::format("entry {} not found", entry_id), "entry");
    if ((*entry)->kind == "withdrawal" || (*entry)->kind == "repair") {
        return bad(fmt::format("entry: entry {} is a {}; object to the entry it concerns", entry_id, (*entry)->kind),
                   "entry");
    }
    auto deadline = quality::objection_deadline(config_.calendar, *filed, other_units);
    if (!deadline) return tl::unexpected(deadline.error());
    store::ObjectionRecord o;
    o.firm_id = (*entry)->firm_id;
    o.entry_id = entry_id;
    o.filed_on = format_iso_date(*filed);
    o.other_units = other_units;
    o.deadline = format_iso_date(*deadline);
    o.grounds = grounds;
    o.filed_by = by;
    return db_.quality().file_objection(o);
}

Result<ObjectionDecision> QualityService::decide_objection(std::int64_t id, const std::string& status,
                                                          const std::string& decided_on, const std::string& reasons,
                                                          const std::string& by,
                                                          const std::optional<EntryInput>& correction) {
    if (status != "upheld" && status != "rejected") {
        return bad(fmt::format("status: '{}' must be upheld or rejected", status), "status");
    }
    auto day = parse_iso_date(decided_on, "decided_on");
    if (!day) return tl::unexpected(day.error());
    if (reasons.empty()) return bad("reasons: a decision states its reasons", "reasons");
    if (correction && status != "upheld") {
        return bad("correction: only an upheld objection is followed by a correction", "correction");
    }
    auto o = db_.quality().find_objection(id);
    if (!o) return tl::unexpected(o.error());
    if (!*o) return fail(ErrorCode::kNotFound, fmt::format("objection {} not found", id), "id");
    if (format_iso_date(*day) < (*o)->filed_on) {
        return bad(fmt::format("decided_on: {} is before the objection was filed ({})", decided_on, (*o)->filed_on),
                   "decided_on");
    }
    if ((*o)->status != "open") {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("objection {} is already decided ({} on {})", id, (*o)->status,
                                (*o)->decided_on.value_or("?")),
                    "id");
    }
    store::ObjectionRecord d = **o;
    d.status = status;
    d.decided_on = format_iso_date(*day);
    d.decision_reasons = reasons;
    d.decided_by = by;

    // An upheld objection is carried out at once: a new entry pointing at the objected one (the file is never
    // overwritten) — the correction given, or else a withdrawal of the entry from the day of the decision.
    std::optional<store::FirmRecord> firm;
    std::optional<store::QualityEntryRecord> follow_up;
    if (status == "upheld") {
        auto entry = db_.quality().find_entry(d.entry_id);
        if (!entry) return tl::unexpected(entry.error());
        if (!*entry) return fail(ErrorCode::kInternal, fmt::format("objected entry {} is missing", d.entry_id));
        auto f = db_.stats().find_firm(d.firm_id);
        if (!f) return tl::unexpected(f.error());
        if (!*f) return fail(ErrorCode::kInternal, fmt::format("firm {} of objection {} is missing", d.firm_id, id));
        firm = **f;
        EntryInput in;
        if (correction) {
            in = *correction;
            if (in.kind.empty()) in.kind = (*entry)->kind;
            if (in.kind != (*entry)->kind) {
                return bad(fmt::format("correction.kind: a correction of entry {} is a {} entry (got '{}')",
                                       d.entry_id, (*entry)->kind, in.kind),
                           "correction.kind");
            }
            if (in.corrects && *in.corrects != d.entry_id) {
                return bad(fmt::format("correction.corrects: the correction points at the objected entry {}",
                                       d.entry_id),
                           "correction.corrects");
            }
        } else {
            in.kind = "withdrawal";
            in.date = d.decided_on.value();
        }
        in.corrects = d.entry_id;
        if (in.source.empty()) in.source = fmt::format("objection {} upheld: {}", id, reasons);
        auto prepared = prepare_entry(*firm, in, by);
        if (!prepared) {
            Error e = prepared.error();
            if (correction) {
                e.message = "correction." + e.message;
                e.field = "correction." + e.field;
            }
            return tl::unexpected(e);
        }
        follow_up = std::move(*prepared);
    }

    ObjectionDecision out;
    auto done = db_.in_transaction([&]() -> Status {
        auto decided = db_.quality().decide_objection(d);
        if (!decided) return tl::unexpected(decided.error());
        out.objection = *decided;
        if (follow_up) {
            auto added = append_and_rate(*firm, *follow_up, fmt::format("{} (objection {})", by, id));
            if (!added) return tl::unexpected(added.error());
            out.correction = *added;
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<std::vector<ObjectionView>> QualityService::objections(std::optional<std::int64_t> firm_id, bool open_only,
                                                               std::optional<DayNumber> day) {
    auto list = db_.quality().list_objections(firm_id, open_only);
    if (!list) return tl::unexpected(list.error());
    const DayNumber now = day.value_or(today());
    std::vector<ObjectionView> out;
    for (const auto& o : *list) {
        auto deadline = parse_iso_date(o.deadline, "deadline");
        if (!deadline) return tl::unexpected(deadline.error());
        auto decided = optional_date(o.decided_on, "decided_on");
        if (!decided) return tl::unexpected(decided.error());
        out.push_back(ObjectionView{o, quality::objection_overdue(*deadline, *decided, now)});
    }
    return out;
}

// ---- JSON and CSV

ojson to_json(const store::QualityEntryRecord& e) {
    ojson out{{"id", e.id},           {"firm_id", e.firm_id},       {"kind", e.kind},
              {"subkind", e.subkind}, {"date", e.entry_date}};
    out["valid_until"] = e.valid_until ? ojson(*e.valid_until) : ojson();
    if (!e.outcome.empty()) out["outcome"] = e.outcome;
    if (!e.retest.empty()) out["retest"] = e.retest;
    out["corrects"] = e.corrects ? ojson(*e.corrects) : ojson();
    out["fields"] = ojson::parse(e.fields_json, nullptr, false);
    out["source"] = e.source;
    out["entered_by"] = e.entered_by;
    out["entered_at"] = e.entered_at;
    out["published_from"] = e.published_from ? ojson(*e.published_from) : ojson();
    out["published_until"] = e.published_until ? ojson(*e.published_until) : ojson();
    out["retain_until"] = e.retain_until ? ojson(*e.retain_until) : ojson();
    return out;
}

ojson to_json(const RatingView& v) {
    ojson out{{"firm_id", v.firm.id}, {"credit_code", v.firm.credit_code ? ojson(*v.firm.credit_code) : ojson()},
              {"name_zh", v.firm.name_zh}};
    const ojson rating = quality::to_json(v.rating);  // kept: items() refers into it
    for (const auto& [k, val] : rating.items()) out[k] = val;
    return out;
}

ojson to_json(const PublicView& v) {
    ojson out{{"on", v.on}, {"rules_version", v.rules_version}, {"firms", ojson::array()}, {"blacklist", ojson::array()}};
    for (const PublicFirmView& f : v.firms) {
        ojson firm{{"firm_id", f.firm.id},
                   {"credit_code", f.firm.credit_code ? ojson(*f.firm.credit_code) : ojson()},
                   {"name_zh", f.firm.name_zh},
                   {"name_en", f.firm.name_en},
                   {"town", f.firm.town},
                   {"grade", f.grade},
                   {"score", f.score},
                   {"blacklisted", f.blacklisted},
                   {"entries", ojson::array()}};
        for (const PublicEntryView& e : f.entries) {
            ojson entry{{"id", e.entry.id},
                        {"kind", e.entry.kind},
                        {"subkind", e.entry.subkind},
                        {"date", e.entry.entry_date},
                        {"published_from", e.entry.published_from ? ojson(*e.entry.published_from) : ojson()},
                        {"published_until", e.entry.published_until ? ojson(*e.entry.published_until) : ojson()},
                        {"under_objection", e.under_objection},
                        {"fields", ojson::parse(e.entry.fields_json, nullptr, false)}};
            if (!e.entry.outcome.empty()) entry["outcome"] = e.entry.outcome;
            if (!e.entry.retest.empty()) entry["retest"] = e.entry.retest;
            if (e.entry.valid_until) entry["valid_until"] = *e.entry.valid_until;
            firm["entries"].push_back(std::move(entry));
        }
        out["firms"].push_back(std::move(firm));
    }
    for (const auto& b : v.blacklist) {
        out["blacklist"].push_back({{"firm_id", b.firm.id},
                                    {"credit_code", b.firm.credit_code ? ojson(*b.firm.credit_code) : ojson()},
                                    {"name_zh", b.firm.name_zh},
                                    {"listed_on", b.listing.event_date},
                                    {"decision_no", b.listing.decision_no},
                                    {"grounds", b.listing.reasons},
                                    {"expires_on", b.expires_on}});
    }
    return out;
}

ojson to_json(const FileView& v) {
    ojson out{{"on", v.on},
              {"firm", {{"firm_id", v.firm.id},
                        {"credit_code", v.firm.credit_code ? ojson(*v.firm.credit_code) : ojson()},
                        {"name_zh", v.firm.name_zh},
                        {"name_en", v.firm.name_en},
                        {"town", v.firm.town}}}};
    out["rating"] = quality::to_json(v.rating);
    out["entries"] = ojson::array();
    for (const auto& e : v.entries) {
        ojson j = to_json(e);
        auto it = v.followed_by.find(e.id);
        j["followed_by"] = it == v.followed_by.end() ? ojson::array() : ojson(it->second);
        j["effective"] = std::find(v.effective.begin(), v.effective.end(), e.id) != v.effective.end();
        out["entries"].push_back(std::move(j));
    }
    out["objections"] = ojson::array();
    for (const auto& o : v.objections) out["objections"].push_back(to_json(o));
    out["grades"] = ojson::array();
    for (const auto& g : v.grades) {
        out["grades"].push_back({{"rated_on", g.rated_on},
                                 {"grade", g.grade},
                                 {"score", g.score},
                                 {"rules_version", g.rules_version},
                                 {"rated_by", g.rated_by},
                                 {"rated_at", g.rated_at}});
    }
    return out;
}

namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string public_csv(const PublicView& v) {
    std::string out =
        "on,credit_code,name_zh,grade,blacklisted,entry_id,kind,subkind,date,published_until,under_objection\n";
    for (const PublicFirmView& f : v.firms) {
        const std::string head = fmt::format("{},{},{},{},{}", v.on, csv_field(f.firm.credit_code.value_or("")),
                                             csv_field(f.firm.name_zh), f.grade, f.blacklisted ? "yes" : "no");
        if (f.entries.empty()) out += head + ",,,,,,\n";
        for (const PublicEntryView& e : f.entries) {
            out += fmt::format("{},{},{},{},{},{},{}\n", head, e.entry.id, e.entry.kind, csv_field(e.entry.subkind),
                               e.entry.entry_date, e.entry.published_until.value_or(""),
                               e.under_objection ? "yes" : "no");
        }
    }
    return out;
}

std::string blacklist_csv(const PublicView& v) {
    std::string out = "on,credit_code,name_zh,listed_on,decision_no,grounds,expires_on\n";
    for (const auto& b : v.blacklist) {
        out += fmt::format("{},{},{},{},{},{},{}\n", v.on, csv_field(b.firm.credit_code.value_or("")),
                           csv_field(b.firm.name_zh), b.listing.event_date, csv_field(b.listing.decision_no),
                           csv_field(b.listing.reasons), b.expires_on);
    }
    return out;
}

namespace {

std::string lower_ascii(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return lower_ascii(haystack).find(lower_ascii(needle)) != std::string::npos;
}

}  // namespace

Result<PublicView> filter_public(PublicView view, const PublicFilter& f, const quality::RuleSet& rules) {
    if (!f.grade.empty()) {
        std::string known;
        bool found = false;
        for (const auto& g : rules.grades) {
            known += (known.empty() ? "" : ", ") + g.grade;
            found = found || g.grade == f.grade;
        }
        if (!found) return bad(fmt::format("grade: '{}' is not a grade of {} ({})", f.grade, rules.version, known), "grade");
    }
    std::erase_if(view.firms, [&](const PublicFirmView& p) {
        if (!f.grade.empty() && p.grade != f.grade) return true;
        if (!f.town.empty() && !contains(p.firm.town, f.town)) return true;
        if (!f.product.empty() && !contains(p.firm.products, f.product)) return true;
        if (!f.text.empty() && !contains(p.firm.name_zh, f.text) && !contains(p.firm.name_en, f.text) &&
            !contains(p.firm.credit_code.value_or(""), f.text)) {
            return true;
        }
        return false;
    });
    return view;
}

ojson to_json(const store::BlacklistEventRecord& e) {
    return ojson{{"id", e.id},
                 {"firm_id", e.firm_id},
                 {"action", e.action},
                 {"date", e.event_date},
                 {"decision_no", e.decision_no},
                 {"reasons", e.reasons},
                 {"recorded_by", e.recorded_by},
                 {"recorded_at", e.recorded_at}};
}

ojson to_json(const ObjectionView& v) {
    const auto& o = v.objection;
    return ojson{{"id", o.id},
                 {"firm_id", o.firm_id},
                 {"entry_id", o.entry_id},
                 {"filed_on", o.filed_on},
                 {"other_units", o.other_units},
                 {"deadline", o.deadline},
                 {"grounds", o.grounds},
                 {"filed_by", o.filed_by},
                 {"status", o.status},
                 {"decided_on", o.decided_on ? ojson(*o.decided_on) : ojson()},
                 {"decision_reasons", o.decision_reasons},
                 {"decided_by", o.decided_by},
                 {"overdue", v.overdue}};
}

}  // namespace yandian::app
