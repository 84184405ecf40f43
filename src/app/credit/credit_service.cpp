#include "app/credit/credit_service.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/market_service.hpp"
#include "app/spc_service.hpp"
#include "app/utc_time.hpp"
#include "credit/consent.hpp"
#include "store/database.hpp"

namespace yandian::app {

using nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// Objections are answered within 20 days (Regulation on the Administration of the Credit Reporting Industry Art. 25).
constexpr std::int64_t kObjectionAnswerDays = 20;

std::int64_t ms_of(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint time_of(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

// 2026-06-30 (start of the day, UTC), 2026-06-30T12:00:00Z or 2026-06-30T12:00:00.000Z.
Result<std::int64_t> parse_instant(std::string_view text, std::string_view field) {
    if (auto exact = parse_utc(text, field)) return ms_of(*exact);
    auto loose = parse_clock_start(text, field);
    if (!loose) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' is not a date: write 2026-06-30 or 2026-06-30T12:00:00Z", text.substr(0, 40)),
                    std::string(field));
    }
    return ms_of(*loose);
}

std::int64_t stored_ms(const std::string& text) {
    auto t = parse_utc(text, "time");
    return t ? ms_of(*t) : 0;
}

credit::Consent to_core(const store::ConsentRecord& c) {
    credit::Consent out;
    out.id = c.id;
    out.firm_org_id = c.firm_org_id;
    out.lender_org_id = c.lender_org_id;
    out.purpose = credit::parse_consent_purpose(c.purpose).value_or(credit::ConsentPurpose::kCreditAssessment);
    out.valid_from_ms = stored_ms(c.valid_from);
    out.valid_until_ms = stored_ms(c.valid_until);
    if (c.revoked_at) out.revoked_at_ms = stored_ms(*c.revoked_at);
    return out;
}

bool is_firm(OrgKind kind) { return kind == OrgKind::kManufacturer || kind == OrgKind::kMerchant; }
bool is_operator_staff(OrgKind kind) { return kind == OrgKind::kAssociation || kind == OrgKind::kAuthority; }

// The one answer a lender gets for a firm it may not read, whether or not the firm exists.
tl::unexpected<Error> no_report(std::int64_t firm_org_id) {
    return fail(ErrorCode::kNotFound, fmt::format("no credit report of organisation {} is available to you", firm_org_id),
                "organisation");
}

}  // namespace

json consent_json(const store::ConsentRecord& c, std::int64_t now_ms) {
    json j{{"id", c.id},
           {"firm", c.firm_org_id},
           {"lender", c.lender_org_id},
           {"purpose", c.purpose},
           {"valid_from", c.valid_from},
           {"valid_until", c.valid_until},
           {"granted_at", c.granted_at},
           {"granted_by", c.granted_by ? json(*c.granted_by) : json(nullptr)},
           {"revoked_at", c.revoked_at ? json(*c.revoked_at) : json(nullptr)},
           {"revoked_by", c.revoked_by ? json(*c.revoked_by) : json(nullptr)},
           {"live", credit::live_on(to_core(c), now_ms)}};
    return j;
}

json objection_json(const store::CreditObjectionRecord& o) {
    const std::int64_t filed = stored_ms(o.filed_at);
    json j{{"id", o.id},
           {"firm", o.firm_org_id},
           {"figure", o.figure},
           {"text", o.text},
           {"filed_at", o.filed_at},
           {"filed_by", o.filed_by ? json(*o.filed_by) : json(nullptr)},
           {"answer_due_by", format_utc(time_of(filed + kObjectionAnswerDays * kDayMs))},
           {"answer", o.answer ? json(*o.answer) : json(nullptr)},
           {"answered_at", o.answered_at ? json(*o.answered_at) : json(nullptr)},
           {"answered_by", o.answered_by ? json(*o.answered_by) : json(nullptr)}};
    return j;
}

CreditService::CreditService(store::Database& db, MarketService& market, SpcService& spc, Clock clock,
                             CreditOptions options)
    : db_(db), market_(market), spc_(spc), clock_(std::move(clock)), options_(std::move(options)) {}

std::int64_t CreditService::now_ms() const { return ms_of(clock_()); }
json CreditService::consent_view(const store::ConsentRecord& consent) const { return consent_json(consent, now_ms()); }
std::string CreditService::now_text() const { return format_utc(clock_()); }

// ---- consents

Result<store::ConsentRecord> CreditService::grant(std::int64_t firm_org_id, std::optional<std::int64_t> by,
                                                  std::int64_t lender_org_id, std::string_view purpose,
                                                  std::optional<std::string_view> from, std::string_view until) {
    if (options_.operator_name.empty()) {
        return fail(ErrorCode::kFailedPrecondition,
                    "no credit operator is configured: reports go to lenders only through the filed enterprise credit "
                    "agency named with `serve --credit-operator NAME`",
                    "operator");
    }
    auto firm_kind = organisation_kind(db_, firm_org_id);
    if (!firm_kind) return tl::unexpected(firm_kind.error());
    if (!is_firm(*firm_kind)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation {} is not a firm (manufacturer or merchant): it has no credit report",
                                firm_org_id),
                    "firm");
    }
    auto lender_kind = organisation_kind(db_, lender_org_id);
    if (!lender_kind || *lender_kind != OrgKind::kLender) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("organisation {} is not a lender", lender_org_id),
                    "lender");
    }
    auto parsed_purpose = credit::parse_consent_purpose(purpose);
    if (!parsed_purpose) return tl::unexpected(parsed_purpose.error());
    const std::int64_t now = now_ms();
    std::int64_t from_ms = now;
    if (from) {
        auto parsed = parse_instant(*from, "from");
        if (!parsed) return tl::unexpected(parsed.error());
        from_ms = *parsed;
    }
    auto until_ms = parse_instant(until, "until");
    if (!until_ms) return tl::unexpected(until_ms.error());
    credit::Consent core{0, firm_org_id, lender_org_id, *parsed_purpose, from_ms, *until_ms, std::nullopt};
    if (auto ok = credit::validate_new_consent(core); !ok) return tl::unexpected(ok.error());
    if (*until_ms <= now) {
        return fail(ErrorCode::kInvalidArgument, "the consent would already have ended (until is in the past)", "until");
    }
    store::ConsentRecord record;
    record.firm_org_id = firm_org_id;
    record.lender_org_id = lender_org_id;
    record.purpose = std::string(credit::to_string(*parsed_purpose));
    record.valid_from = format_utc(time_of(from_ms));
    record.valid_until = format_utc(time_of(*until_ms));
    record.granted_by = by;
    record.granted_at = format_utc(time_of(now));
    return db_.credit().add_consent(record);
}

Result<store::ConsentRecord> CreditService::revoke(std::int64_t firm_org_id, std::optional<std::int64_t> by,
                                                   std::int64_t consent_id) {
    auto consent = db_.credit().find_consent(consent_id);
    if (!consent) return tl::unexpected(consent.error());
    // Another organisation's consent is not found, as everywhere.
    if (!*consent || (*consent)->firm_org_id != firm_org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("consent {} not found", consent_id), "id");
    }
    return db_.credit().revoke_consent(consent_id, by, now_text());
}

Result<store::ConsentRecord> CreditService::grant_consent(const Principal& who, std::int64_t lender_org_id,
                                                          std::string_view purpose,
                                                          std::optional<std::string_view> from,
                                                          std::string_view until) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) {
        return fail(ErrorCode::kPermissionDenied, "only a firm (manufacturer or merchant) grants consent to its report");
    }
    if (who.role != Role::kAdmin) {
        return fail(ErrorCode::kPermissionDenied, "only an administrator of the firm grants consent to its report");
    }
    return grant(who.org_id, who.user_id, lender_org_id, purpose, from, until);
}

Result<store::ConsentRecord> CreditService::revoke_consent(const Principal& who, std::int64_t consent_id) {
    if (who.role != Role::kAdmin) {
        // A consent of another organisation stays not found; one's own needs an administrator.
        auto consent = db_.credit().find_consent(consent_id);
        if (!consent) return tl::unexpected(consent.error());
        if (!*consent || (*consent)->firm_org_id != who.org_id) {
            return fail(ErrorCode::kNotFound, fmt::format("consent {} not found", consent_id), "id");
        }
        return fail(ErrorCode::kPermissionDenied, "only an administrator of the firm revokes a consent");
    }
    return revoke(who.org_id, who.user_id, consent_id);
}

Result<store::ConsentRecord> CreditService::grant_consent_as_operator(std::int64_t firm_org_id,
                                                                      std::int64_t lender_org_id,
                                                                      std::string_view purpose,
                                                                      std::optional<std::string_view> from,
                                                                      std::string_view until) {
    return grant(firm_org_id, std::nullopt, lender_org_id, purpose, from, until);
}

Result<store::ConsentRecord> CreditService::revoke_consent_as_operator(std::int64_t firm_org_id,
                                                                       std::int64_t consent_id) {
    return revoke(firm_org_id, std::nullopt, consent_id);
}

Result<json> CreditService::consent_list_json(const std::vector<store::ConsentRecord>& records, bool live_only) {
    const std::int64_t now = now_ms();
    json out = json::array();
    for (const auto& c : records) {
        if (live_only && !credit::live_on(to_core(c), now)) continue;
        json j = consent_json(c, now);
        for (const char* side : {"firm", "lender"}) {
            auto org = db_.organisations().find(j[side].get<std::int64_t>());
            if (!org) return tl::unexpected(org.error());
            if (*org) j[std::string(side) + "_name"] = (*org)->name;
        }
        out.push_back(std::move(j));
    }
    return json{{"consents", std::move(out)}};
}

Result<json> CreditService::consents(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (is_firm(*kind)) return consents_of_firm(who.org_id);
    if (*kind == OrgKind::kLender) {
        auto records = db_.credit().consents_for_lender(who.org_id);
        if (!records) return tl::unexpected(records.error());
        return consent_list_json(*records, true);
    }
    return fail(ErrorCode::kPermissionDenied, "consents are given by firms and held by lenders");
}

Result<json> CreditService::consents_of_firm(std::int64_t firm_org_id) {
    auto records = db_.credit().consents_of_firm(firm_org_id);
    if (!records) return tl::unexpected(records.error());
    return consent_list_json(*records, false);
}

Result<json> CreditService::access_log(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) return fail(ErrorCode::kPermissionDenied, "the access log is the firm's own");
    auto reads = db_.credit().reads_of_firm(who.org_id);
    if (!reads) return tl::unexpected(reads.error());
    json out = json::array();
    for (const auto& r : *reads) {
        json j{{"id", r.id},
               {"read_at", r.read_at},
               {"reader", r.reader_org_id},
               {"reader_user", r.reader_user_id ? json(*r.reader_user_id) : json(nullptr)},
               {"consent", r.consent_id ? json(*r.consent_id) : json(nullptr)},
               {"channel", r.channel}};
        auto org = db_.organisations().find(r.reader_org_id);
        if (!org) return tl::unexpected(org.error());
        if (*org) j["reader_name"] = (*org)->name;
        out.push_back(std::move(j));
    }
    return json{{"reads", std::move(out)}};
}

// ---- reports

Result<credit::CreditReport> CreditService::build_report(std::int64_t firm_org_id) {
    auto org = db_.organisations().find(firm_org_id);
    if (!org) return tl::unexpected(org.error());
    if (!*org) return no_report(firm_org_id);
    auto kind = parse_org_kind((*org)->kind);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) return no_report(firm_org_id);

    credit::ReportInput in;
    in.firm_org_id = firm_org_id;
    in.firm_name = (*org)->name;
    in.firm_kind = (*org)->kind;
    in.operator_name = options_.operator_name.empty() ? "(no credit operator configured)" : options_.operator_name;
    auto since = parse_utc((*org)->created_at, "created_at");
    if (!since) return tl::unexpected(since.error());
    in.platform_since_ms = ms_of(*since);
    in.as_of_ms = now_ms();
    in.window_months = options_.window_months;

    const int as_of_month = credit::month_of(in.as_of_ms);
    auto sales = market_.shop_month_sales(firm_org_id, as_of_month - in.window_months, as_of_month - 1);
    if (!sales) return tl::unexpected(sales.error());
    for (const auto& s : *sales) in.sales.push_back(credit::SalesCell{s.month, s.channel, s.value_fen, s.transactions});

    // The quality period is the report period: the window_months complete months before the report date (none when
    // the firm has no complete month yet: then no chart point counts).
    auto probe = credit::build_report(in);
    if (!probe) return tl::unexpected(probe.error());
    std::int64_t from_ms = 0, to_ms = 0;
    if (probe->first_month) {
        from_ms = credit::month_start_ms(*probe->first_month);
        to_ms = credit::month_start_ms(*probe->last_month + 1);
    }
    auto quality = spc_.organisation_quality(firm_org_id, from_ms, to_ms, options_.capability_values);
    if (!quality) return tl::unexpected(quality.error());
    for (auto& q : *quality) {
        credit::CharacteristicQuality c;
        c.id = q.characteristic.id;
        c.code = q.characteristic.code;
        c.feature = q.characteristic.feature;
        c.cpk = q.cpk;
        c.capability_reason = q.capability_reason;
        c.capability_values = q.capability_values;
        c.points_in_period = q.points_in_period;
        c.alarm_times_ms = std::move(q.alarm_times_ms);
        in.quality.push_back(std::move(c));
    }
    return credit::build_report(in);
}

Result<credit::CreditReport> CreditService::read_report(const Reader& reader, std::int64_t firm_org_id,
                                                        std::optional<std::int64_t>* consent_id) {
    std::optional<std::int64_t> under;
    if (reader.org_id != firm_org_id) {
        if (options_.operator_name.empty()) {
            return fail(ErrorCode::kFailedPrecondition,
                        "no credit operator is configured: reports go to lenders only through the filed enterprise "
                        "credit agency named with `serve --credit-operator NAME`",
                        "operator");
        }
        auto records = db_.credit().consents_of_firm(firm_org_id);
        if (!records) return tl::unexpected(records.error());
        std::vector<credit::Consent> consents;
        for (const auto& r : *records) consents.push_back(to_core(r));
        auto live = credit::live_consent(consents, firm_org_id, reader.org_id, now_ms());
        if (!live) return no_report(firm_org_id);
        under = live->id;
    }
    auto report = build_report(firm_org_id);
    if (!report) return tl::unexpected(report.error());
    // Logged before it is handed out: a read that cannot be logged is not served.
    store::ReportReadRecord read{0, firm_org_id, reader.org_id, reader.user_id, under, now_text(), reader.channel};
    if (auto logged = db_.credit().log_read(read); !logged) return tl::unexpected(logged.error());
    if (consent_id != nullptr) *consent_id = under;
    return report;
}

Result<json> CreditService::own_report(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) {
        return fail(ErrorCode::kPermissionDenied, "only a firm (manufacturer or merchant) has a credit report");
    }
    auto report = read_report(Reader{who.org_id, who.user_id, "api"}, who.org_id);
    if (!report) return tl::unexpected(report.error());
    return credit::to_json(*report);
}

Result<json> CreditService::report_for_lender(const Principal& who, std::int64_t firm_org_id) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    // Only lenders hold consents; anyone else asking about another organisation learns nothing either.
    if (*kind != OrgKind::kLender && who.org_id != firm_org_id) return no_report(firm_org_id);
    if (who.org_id == firm_org_id) return own_report(who);
    std::optional<std::int64_t> consent_id;
    auto report = read_report(Reader{who.org_id, who.user_id, "api"}, firm_org_id, &consent_id);
    if (!report) return tl::unexpected(report.error());
    json out = credit::to_json(*report);
    auto consent = db_.credit().find_consent(consent_id.value_or(0));
    if (consent && *consent) out["consent"] = consent_json(**consent, now_ms());
    return out;
}

// ---- objections

Result<store::CreditObjectionRecord> CreditService::file_objection(const Principal& who, std::string_view figure,
                                                             std::string_view text) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_firm(*kind)) return fail(ErrorCode::kPermissionDenied, "a firm files objections to its own report");
    if (who.role != Role::kAdmin) {
        return fail(ErrorCode::kPermissionDenied, "only an administrator of the firm files an objection");
    }
    if (figure.empty() || figure.size() > 200) {
        return fail(ErrorCode::kInvalidArgument, "name the figure objected to (its key, e.g. sales.trend_pct_per_month)",
                    "figure");
    }
    if (text.empty() || text.size() > 4000) {
        return fail(ErrorCode::kInvalidArgument, "say what is wrong, in 1 to 4000 bytes", "text");
    }
    store::CreditObjectionRecord record;
    record.firm_org_id = who.org_id;
    record.figure = std::string(figure);
    record.text = std::string(text);
    record.filed_by = who.user_id;
    record.filed_at = now_text();
    return db_.credit().file_objection(record);
}

Result<json> CreditService::objections(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    std::optional<std::int64_t> firm;
    if (is_firm(*kind)) {
        firm = who.org_id;
    } else if (!is_operator_staff(*kind)) {
        return fail(ErrorCode::kPermissionDenied, "objections are the firm's and the operator's");
    }
    auto records = db_.credit().objections(firm);
    if (!records) return tl::unexpected(records.error());
    json out = json::array();
    for (const auto& o : *records) out.push_back(objection_json(o));
    return json{{"objections", std::move(out)}};
}

Result<store::CreditObjectionRecord> CreditService::answer_objection(const Principal& who, std::int64_t objection_id,
                                                               std::string_view answer) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (!is_operator_staff(*kind) || (who.role != Role::kAdmin && who.role != Role::kEngineer)) {
        // A firm's own objection is not answered by the firm; another's is not found.
        auto o = db_.credit().find_objection(objection_id);
        if (!o) return tl::unexpected(o.error());
        if (!*o || (*o)->firm_org_id != who.org_id) {
            return fail(ErrorCode::kNotFound, fmt::format("objection {} not found", objection_id), "id");
        }
        return fail(ErrorCode::kPermissionDenied, "objections are answered by the operator's staff");
    }
    if (answer.empty() || answer.size() > 4000) {
        return fail(ErrorCode::kInvalidArgument, "the answer is 1 to 4000 bytes of text", "answer");
    }
    return db_.credit().answer_objection(objection_id, answer, who.user_id, now_text());
}

}  // namespace yandian::app
