#include "store/postgres/credit_stores.hpp"

#include <fmt/format.h>

#include <cctype>
#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kConsentColumns =
    "SELECT c.id, c.firm_org_id, c.lender_org_id, c.purpose, c.valid_from, c.valid_until, c.granted_by, c.granted_at, "
    "r.revoked_at, r.revoked_by FROM credit_consents c LEFT JOIN credit_consent_revocations r ON r.consent_id = c.id ";

ConsentRecord read_consent(const Rows& r, int i) {
    ConsentRecord c;
    c.id = r.int64(i, 0);
    c.firm_org_id = r.int64(i, 1);
    c.lender_org_id = r.int64(i, 2);
    c.purpose = r.text(i, 3);
    c.valid_from = r.text(i, 4);
    c.valid_until = r.text(i, 5);
    c.granted_by = r.optional_int64(i, 6);
    c.granted_at = r.text(i, 7);
    c.revoked_at = r.optional_text(i, 8);
    c.revoked_by = r.optional_int64(i, 9);
    return c;
}

constexpr std::string_view kObjectionColumns =
    "SELECT o.id, o.firm_org_id, o.figure, o.objection_text, o.filed_by, o.filed_at, a.answer_text, a.answered_by, "
    "a.answered_at FROM credit_objections o LEFT JOIN credit_objection_answers a ON a.objection_id = o.id ";

CreditObjectionRecord read_objection(const Rows& r, int i) {
    CreditObjectionRecord o;
    o.id = r.int64(i, 0);
    o.firm_org_id = r.int64(i, 1);
    o.figure = r.text(i, 2);
    o.text = r.text(i, 3);
    o.filed_by = r.optional_int64(i, 4);
    o.filed_at = r.text(i, 5);
    o.answer = r.optional_text(i, 6);
    o.answered_by = r.optional_int64(i, 7);
    o.answered_at = r.optional_text(i, 8);
    return o;
}

ReportReadRecord read_read(const Rows& r, int i) {
    return ReportReadRecord{r.int64(i, 0),          r.int64(i, 1),          r.int64(i, 2), r.optional_int64(i, 3),
                            r.optional_int64(i, 4), std::string(r.text(i, 5)), std::string(r.text(i, 6))};
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

// A foreign-key failure names what does not exist (other constraint failures stay as they are).
Error missing_reference(Error e, std::string_view what) {
    std::string lower = e.message;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (e.code == ErrorCode::kFailedPrecondition && lower.find("foreign key") != std::string::npos) {
        e.code = ErrorCode::kNotFound;
        e.message = fmt::format("{} not found ({})", what, e.message);
    }
    return e;
}

}  // namespace

Result<ConsentRecord> PgCreditStore::add_consent(const ConsentRecord& c) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO credit_consents (firm_org_id, lender_org_id, purpose, valid_from, valid_until, granted_by, "
        "granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {c.firm_org_id, c.lender_org_id, c.purpose, c.valid_from, c.valid_until, c.granted_by, c.granted_at});
    if (!rows) return tl::unexpected(missing_reference(rows.error(), "firm, lender or user"));
    ConsentRecord out = c;
    out.id = rows->int64(0, 0);
    out.revoked_at.reset();
    out.revoked_by.reset();
    return out;
}

Result<ConsentRecord> PgCreditStore::revoke_consent(std::int64_t consent_id, std::optional<std::int64_t> by,
                                                    std::string_view at) {
    Lock lock(c_.mutex());
    auto before = find_consent(consent_id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("consent {} not found", consent_id), "id");
    const auto already = [&](const std::string& when) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("consent {} was already revoked at {}", consent_id, when),
                    "id");
    };
    if ((*before)->revoked_at) return already(*(*before)->revoked_at);
    auto rows = c_.query(
        "INSERT INTO credit_consent_revocations (consent_id, revoked_by, revoked_at) VALUES ($1, $2, $3)",
        {consent_id, by, at});
    if (!rows) {
        // Another process revoked it between the read and the write: the first revocation stands.
        if (rows.error().code == ErrorCode::kAlreadyExists) return already("the same moment");
        return tl::unexpected(rows.error());
    }
    ConsentRecord out = **before;
    out.revoked_at = std::string(at);
    out.revoked_by = by;
    return out;
}

Result<std::optional<ConsentRecord>> PgCreditStore::find_consent(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<ConsentRecord>(c_.query(sql(kConsentColumns, "WHERE c.id = $1"), {id}), read_consent);
}

Result<std::vector<ConsentRecord>> PgCreditStore::consents_of_firm(std::int64_t firm_org_id) {
    Lock lock(c_.mutex());
    return every_row<ConsentRecord>(c_.query(sql(kConsentColumns, "WHERE c.firm_org_id = $1 ORDER BY c.id"),
                                             {firm_org_id}),
                                    read_consent);
}

Result<std::vector<ConsentRecord>> PgCreditStore::consents_for_lender(std::int64_t lender_org_id) {
    Lock lock(c_.mutex());
    return every_row<ConsentRecord>(c_.query(sql(kConsentColumns, "WHERE c.lender_org_id = $1 ORDER BY c.id"),
                                             {lender_org_id}),
                                    read_consent);
}

Result<ReportReadRecord> PgCreditStore::log_read(const ReportReadRecord& read) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO credit_report_reads (firm_org_id, reader_org_id, reader_user_id, consent_id, read_at, channel) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {read.firm_org_id, read.reader_org_id, read.reader_user_id, read.consent_id, read.read_at, read.channel});
    if (!rows) return tl::unexpected(missing_reference(rows.error(), "firm, reader, user or consent"));
    ReportReadRecord out = read;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<ReportReadRecord>> PgCreditStore::reads_of_firm(std::int64_t firm_org_id) {
    Lock lock(c_.mutex());
    return every_row<ReportReadRecord>(
        c_.query("SELECT id, firm_org_id, reader_org_id, reader_user_id, consent_id, read_at, channel FROM "
                 "credit_report_reads WHERE firm_org_id = $1 ORDER BY id",
                 {firm_org_id}),
        read_read);
}

Result<CreditObjectionRecord> PgCreditStore::file_objection(const CreditObjectionRecord& o) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO credit_objections (firm_org_id, figure, objection_text, filed_by, filed_at) VALUES ($1, $2, $3, "
        "$4, $5) RETURNING id",
        {o.firm_org_id, o.figure, o.text, o.filed_by, o.filed_at});
    if (!rows) return tl::unexpected(missing_reference(rows.error(), "firm or user"));
    CreditObjectionRecord out = o;
    out.id = rows->int64(0, 0);
    out.answer.reset();
    out.answered_by.reset();
    out.answered_at.reset();
    return out;
}

Result<CreditObjectionRecord> PgCreditStore::answer_objection(std::int64_t objection_id, std::string_view answer,
                                                        std::optional<std::int64_t> by, std::string_view at) {
    Lock lock(c_.mutex());
    auto before = find_objection(objection_id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("objection {} not found", objection_id), "id");
    const auto already = [&](const std::string& when) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("objection {} was already answered at {}", objection_id, when), "id");
    };
    if ((*before)->answer) return already(*(*before)->answered_at);
    auto rows = c_.query(
        "INSERT INTO credit_objection_answers (objection_id, answer_text, answered_by, answered_at) VALUES ($1, $2, "
        "$3, $4)",
        {objection_id, answer, by, at});
    if (!rows) {
        if (rows.error().code == ErrorCode::kAlreadyExists) return already("the same moment");
        return tl::unexpected(rows.error());
    }
    CreditObjectionRecord out = **before;
    out.answer = std::string(answer);
    out.answered_by = by;
    out.answered_at = std::string(at);
    return out;
}

Result<std::optional<CreditObjectionRecord>> PgCreditStore::find_objection(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<CreditObjectionRecord>(c_.query(sql(kObjectionColumns, "WHERE o.id = $1"), {id}), read_objection);
}

Result<std::vector<CreditObjectionRecord>> PgCreditStore::objections(std::optional<std::int64_t> firm_org_id) {
    Lock lock(c_.mutex());
    return every_row<CreditObjectionRecord>(
        c_.query(sql(kObjectionColumns, "WHERE $1::bigint IS NULL OR o.firm_org_id = $1 ORDER BY o.id"),
                 {firm_org_id}),
        read_objection);
}

}  // namespace yandian::store::postgres
