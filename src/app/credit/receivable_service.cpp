#include "app/credit/receivable_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/credit/credit_service.hpp"
#include "app/market_service.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {

using nlohmann::json;

namespace {

bool is_firm(OrgKind kind) { return kind == OrgKind::kManufacturer || kind == OrgKind::kMerchant; }

tl::unexpected<Error> not_found(std::int64_t id) {
    return fail(ErrorCode::kNotFound, fmt::format("receivable {} not found", id), "receivable");
}

credit::Receivable to_core(const store::ReceivableRecord& r) {
    credit::Receivable out;
    out.id = r.id;
    out.supplier_org_id = r.supplier_org_id;
    out.buyer_org_id = r.buyer_org_id;
    out.invoice_number = r.invoice_number;
    out.amount_fen = r.amount_fen;
    out.currency = r.currency;
    out.issue_date = parse_iso_date(r.issue_date).value_or(0);
    out.due_date = parse_iso_date(r.due_date).value_or(0);
    out.registration_number = r.registration_number;
    out.registered_on = parse_iso_date(r.registered_on).value_or(0);
    return out;
}

credit::ReceivableEvent to_core(const store::ReceivableEventRecord& e) {
    credit::ReceivableEvent out;
    out.id = e.id;
    out.kind = credit::parse_receivable_event_kind(e.kind).value_or(credit::ReceivableEventKind::kConfirmed);
    out.actor_org_id = e.actor_org_id;
    out.on = parse_iso_date(e.on_date).value_or(0);
    out.attempt = static_cast<int>(e.attempt.value_or(0));
    out.lender_org_id = e.lender_org_id.value_or(0);
    out.amount_fen = e.amount_fen.value_or(0);
    out.rate_bp = static_cast<int>(e.rate_bp.value_or(0));
    out.tenor_days = static_cast<int>(e.tenor_days.value_or(0));
    out.days_past_due = static_cast<int>(e.days_past_due.value_or(0));
    out.reason = e.reason.value_or("");
    return out;
}

bool financing_event(credit::ReceivableEventKind kind) {
    return kind == credit::ReceivableEventKind::kFinancingRequested ||
           kind == credit::ReceivableEventKind::kFinancingApproved ||
           kind == credit::ReceivableEventKind::kFinancingDeclined;
}

template <class T>
json optional_json(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json event_json(const store::ReceivableEventRecord& e) {
    json j{{"id", e.id},
           {"kind", e.kind},
           {"by", e.actor_org_id},
           {"by_user", optional_json(e.actor_user_id)},
           {"on", e.on_date},
           {"recorded_at", e.recorded_at}};
    if (e.attempt) j["attempt"] = *e.attempt;
    if (e.lender_org_id) j["lender"] = *e.lender_org_id;
    if (e.amount_fen) j["amount"] = format_yuan(*e.amount_fen);
    if (e.rate_bp) j["rate_bp"] = *e.rate_bp;
    if (e.tenor_days) j["tenor_days"] = *e.tenor_days;
    if (e.days_past_due) j["days_past_due"] = *e.days_past_due;
    if (e.reason) j["reason"] = *e.reason;
    return j;
}

}  // namespace

struct ReceivableService::Loaded {
    store::ReceivableRecord record;
    credit::Receivable core;
    std::vector<store::ReceivableEventRecord> events;
    credit::ReceivableState state;
    // Lenders a request went to: parties of the receivable (each sees its own financing events only).
    std::vector<std::int64_t> lenders;
};

ReceivableService::ReceivableService(store::Database& db, CreditService& credit, Clock clock)
    : db_(db), credit_(credit), clock_(std::move(clock)) {}

DayNumber ReceivableService::today() const {
    return std::chrono::duration_cast<std::chrono::days>(clock_().time_since_epoch()).count();
}

namespace {

// The receivable as `viewer` may see it: a lender sees only its own financing events and the current lender only
// when that is itself.
json receivable_json(const store::ReceivableRecord& r, const std::vector<store::ReceivableEventRecord>* events,
                     const credit::ReceivableState& s, std::int64_t viewer, bool viewer_is_other_lender) {
    json j{{"id", r.id},
           {"supplier", r.supplier_org_id},
           {"buyer", r.buyer_org_id},
           {"invoice_number", r.invoice_number},
           {"amount", format_yuan(r.amount_fen)},
           {"amount_fen", r.amount_fen},
           {"currency", r.currency},
           {"issue_date", r.issue_date},
           {"due_date", r.due_date},
           {"registration_number", optional_json(r.registration_number)},
           {"registered_on", r.registered_on},
           {"registered_at", r.registered_at},
           {"status", credit::to_string(s.status)},
           {"days_past_due", s.days_past_due},
           {"bucket", credit::to_string(s.bucket)},
           {"financing_requests", s.requests}};
    const bool show_financing = !viewer_is_other_lender || s.lender_org_id == viewer;
    if (show_financing && s.lender_org_id &&
        (s.status == credit::ReceivableStatus::kFinancingRequested || s.financed_on)) {
        j["lender"] = *s.lender_org_id;
    }
    if (show_financing && s.financed_on) {
        j["financed"] = {{"amount", format_yuan(s.financed_fen)},
                         {"rate_bp", s.rate_bp},
                         {"tenor_days", s.tenor_days},
                         {"on", format_iso_date(*s.financed_on)},
                         {"repaid", format_yuan(s.repaid_fen)},
                         {"outstanding", format_yuan(s.financed_fen - s.repaid_fen)},
                         {"repaid_on", s.repaid_on ? json(format_iso_date(*s.repaid_on)) : json(nullptr)}};
    }
    if (events != nullptr) {
        json list = json::array();
        for (const auto& e : *events) {
            if (viewer_is_other_lender && e.lender_org_id && *e.lender_org_id != viewer) continue;
            list.push_back(event_json(e));
        }
        j["events"] = std::move(list);
    }
    return j;
}

}  // namespace

Result<ReceivableService::Loaded> ReceivableService::load_for(const ReceivableActor& who, std::int64_t id) {
    auto record = db_.receivables().find_receivable(id);
    if (!record) return tl::unexpected(record.error());
    if (!*record) return not_found(id);
    Loaded l;
    l.record = **record;
    auto events = db_.receivables().events_of(id);
    if (!events) return tl::unexpected(events.error());
    l.events = std::move(*events);
    for (const auto& e : l.events) {
        if (e.kind == "financing_requested" && e.lender_org_id) l.lenders.push_back(*e.lender_org_id);
    }
    const bool party = who.org_id == l.record.supplier_org_id || who.org_id == l.record.buyer_org_id ||
                       std::find(l.lenders.begin(), l.lenders.end(), who.org_id) != l.lenders.end();
    if (!party) return not_found(id);
    l.core = to_core(l.record);
    std::vector<credit::ReceivableEvent> core_events;
    for (const auto& e : l.events) core_events.push_back(to_core(e));
    auto state = credit::state_of(l.core, core_events, today());
    if (!state) return tl::unexpected(state.error());
    l.state = *state;
    return l;
}

Result<json> ReceivableService::register_receivable(const ReceivableActor& who, const NewReceivable& in) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) {
        return fail(ErrorCode::kPermissionDenied,
                    "only a firm (manufacturer or merchant) registers receivables on its buyers", "organisation");
    }
    auto buyer_kind = organisation_kind(db_, in.buyer_org_id);
    if (!buyer_kind || !is_firm(*buyer_kind)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation {} is not a firm (manufacturer or merchant) that can owe a receivable",
                                in.buyer_org_id),
                    "buyer");
    }
    auto amount = parse_yuan(in.amount, "amount");
    if (!amount) return tl::unexpected(amount.error());
    auto issued = parse_iso_date(in.issue_date, "issue_date");
    if (!issued) return tl::unexpected(issued.error());
    auto due = parse_iso_date(in.due_date, "due_date");
    if (!due) return tl::unexpected(due.error());
    credit::Receivable core;
    core.supplier_org_id = who.org_id;
    core.buyer_org_id = in.buyer_org_id;
    core.invoice_number = in.invoice_number;
    core.amount_fen = *amount;
    core.currency = in.currency;
    core.issue_date = *issued;
    core.due_date = *due;
    core.registration_number = in.registration_number;
    core.registered_on = today();
    if (auto ok = credit::validate_new_receivable(core); !ok) return tl::unexpected(ok.error());

    store::ReceivableRecord record;
    record.supplier_org_id = who.org_id;
    record.buyer_org_id = in.buyer_org_id;
    record.invoice_number = in.invoice_number;
    record.amount_fen = *amount;
    record.currency = in.currency;
    record.issue_date = format_iso_date(*issued);
    record.due_date = format_iso_date(*due);
    record.registration_number = in.registration_number;
    record.registered_on = format_iso_date(core.registered_on);
    record.registered_by = who.user_id;
    record.registered_at = format_utc(clock_());
    auto added = db_.receivables().add_receivable(record);
    if (!added) {
        if (added.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("invoice {} of buyer {} for {} yuan is already registered: a receivable is "
                                    "registered and financed once",
                                    in.invoice_number, in.buyer_org_id, format_yuan(*amount)),
                        "invoice");
        }
        return tl::unexpected(added.error());
    }
    credit::ReceivableState fresh;
    return receivable_json(*added, nullptr, fresh, who.org_id, false);
}

Result<json> ReceivableService::list(const ReceivableActor& who) {
    json out{{"as_supplier", json::array()}, {"as_buyer", json::array()}, {"as_lender", json::array()}};
    auto& store = db_.receivables();
    const std::pair<const char*, Result<std::vector<store::ReceivableRecord>>> lists[] = {
        {"as_supplier", store.receivables_of_supplier(who.org_id)},
        {"as_buyer", store.receivables_on_buyer(who.org_id)},
        {"as_lender", store.receivables_for_lender(who.org_id)}};
    for (const auto& [key, records] : lists) {
        if (!records) return tl::unexpected(records.error());
        for (const auto& r : *records) {
            auto l = load_for(who, r.id);
            if (!l) return tl::unexpected(l.error());
            const bool as_lender = std::string_view(key) == "as_lender";
            out[key].push_back(receivable_json(l->record, nullptr, l->state, who.org_id, as_lender));
        }
    }
    out["on"] = format_iso_date(today());
    return out;
}

Result<json> ReceivableService::get(const ReceivableActor& who, std::int64_t id) {
    auto l = load_for(who, id);
    if (!l) return tl::unexpected(l.error());
    const bool lender_view = who.org_id != l->record.supplier_org_id && who.org_id != l->record.buyer_org_id;
    return receivable_json(l->record, &l->events, l->state, who.org_id, lender_view);
}

Result<json> ReceivableService::act(const ReceivableActor& who, std::int64_t id, credit::ReceivableEvent draft) {
    auto l = load_for(who, id);
    if (!l) return tl::unexpected(l.error());
    draft.actor_org_id = who.org_id;
    draft.on = today();
    if (financing_event(draft.kind)) {
        if (draft.kind == credit::ReceivableEventKind::kFinancingRequested) {
            draft.attempt = l->state.requests;
        } else {
            draft.attempt = std::max(0, l->state.requests - 1);
            draft.lender_org_id = l->state.lender_org_id.value_or(0);
        }
    }
    if (draft.kind == credit::ReceivableEventKind::kOverdue) {
        draft.days_past_due = static_cast<int>(std::max<std::int64_t>(0, draft.on - l->core.due_date));
    }
    if (auto ok = credit::check_next(l->core, l->state, draft); !ok) return tl::unexpected(ok.error());

    store::ReceivableEventRecord e;
    e.receivable_id = id;
    e.kind = std::string(credit::to_string(draft.kind));
    e.actor_org_id = who.org_id;
    e.actor_user_id = who.user_id;
    e.on_date = format_iso_date(draft.on);
    if (financing_event(draft.kind)) {
        e.attempt = draft.attempt;
        e.lender_org_id = draft.lender_org_id;
    }
    if (draft.amount_fen > 0) e.amount_fen = draft.amount_fen;
    if (draft.rate_bp > 0) e.rate_bp = draft.rate_bp;
    if (draft.tenor_days > 0) e.tenor_days = draft.tenor_days;
    if (draft.days_past_due > 0) e.days_past_due = draft.days_past_due;
    if (!draft.reason.empty()) e.reason = draft.reason;
    e.recorded_at = format_utc(clock_());
    auto appended = db_.receivables().append_event(e);
    if (!appended) {
        const ErrorCode code = appended.error().code;
        // The database's once-only rules refused it: another request or answer came first (at the same moment).
        const bool once_only = financing_event(draft.kind) || draft.kind == credit::ReceivableEventKind::kConfirmed ||
                               draft.kind == credit::ReceivableEventKind::kDisputed;
        if (once_only && (code == ErrorCode::kAlreadyExists || code == ErrorCode::kFailedPrecondition)) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("receivable {} (invoice {}) is {}: another {} was recorded first", id,
                                    l->record.invoice_number,
                                    financing_event(draft.kind) ? "financed once" : "answered once by its buyer",
                                    financing_event(draft.kind) ? "financing request or answer" : "answer"),
                        "state");
        }
        return tl::unexpected(appended.error());
    }
    return get(who, id);
}

Result<json> ReceivableService::confirm(const ReceivableActor& who, std::int64_t id) {
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kConfirmed;
    return act(who, id, e);
}

Result<json> ReceivableService::dispute(const ReceivableActor& who, std::int64_t id, std::string_view reason) {
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kDisputed;
    e.reason = std::string(reason);
    return act(who, id, e);
}

Result<json> ReceivableService::request_financing(const ReceivableActor& who, std::int64_t id,
                                                  std::int64_t lender_org_id) {
    // Parties first: anyone else learns nothing, not even whether the lender exists.
    auto l = load_for(who, id);
    if (!l) return tl::unexpected(l.error());
    auto kind = organisation_kind(db_, lender_org_id);
    if (!kind || *kind != OrgKind::kLender) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("organisation {} is not a lender", lender_org_id),
                    "lender");
    }
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kFinancingRequested;
    e.lender_org_id = lender_org_id;
    return act(who, id, e);
}

Result<json> ReceivableService::approve(const ReceivableActor& who, std::int64_t id, const Approval& approval) {
    auto amount = parse_yuan(approval.amount, "amount");
    if (!amount) return tl::unexpected(amount.error());
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kFinancingApproved;
    e.amount_fen = *amount;
    e.rate_bp = approval.rate_bp;
    e.tenor_days = approval.tenor_days;
    return act(who, id, e);
}

Result<json> ReceivableService::decline(const ReceivableActor& who, std::int64_t id, std::string_view reason) {
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kFinancingDeclined;
    e.reason = std::string(reason);
    return act(who, id, e);
}

Result<json> ReceivableService::repay(const ReceivableActor& who, std::int64_t id, std::string_view amount) {
    auto fen = parse_yuan(amount, "amount");
    if (!fen) return tl::unexpected(fen.error());
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kRepaid;
    e.amount_fen = *fen;
    return act(who, id, e);
}

Result<json> ReceivableService::record_overdue(const ReceivableActor& who, std::int64_t id) {
    credit::ReceivableEvent e;
    e.kind = credit::ReceivableEventKind::kOverdue;
    return act(who, id, e);
}

Result<json> ReceivableService::supplier_report(const ReceivableActor& who, std::int64_t id) {
    auto l = load_for(who, id);
    if (!l) return tl::unexpected(l.error());
    if (std::find(l->lenders.begin(), l->lenders.end(), who.org_id) == l->lenders.end()) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("the supplier's report is for the lender a financing request of receivable {} went to",
                                id),
                    "receivable");
    }
    std::optional<std::int64_t> consent_id;
    auto report =
        credit_.read_report(Reader{who.org_id, who.user_id, who.channel}, l->record.supplier_org_id, &consent_id);
    if (!report) return tl::unexpected(report.error());
    json out = credit::to_json(*report);
    out["receivable"] = id;
    out["consent_id"] = optional_json(consent_id);
    return out;
}

}  // namespace yandian::app
