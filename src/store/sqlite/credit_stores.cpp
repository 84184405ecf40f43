#include "store/sqlite/credit_stores.hpp"

#include <fmt/format.h>

#include <cctype>
#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kConsentColumns =
    "SELECT c.id, c.firm_org_id, c.lender_org_id, c.purpose, c.valid_from, c.valid_until, c.granted_by, c.granted_at, "
    "r.revoked_at, r.revoked_by FROM credit_consents c LEFT JOIN credit_consent_revocations r ON r.consent_id = c.id ";

ConsentRecord read_consent(const Statement& s) {
    ConsentRecord c;
    c.id = s.column_int64(0);
    c.firm_org_id = s.column_int64(1);
    c.lender_org_id = s.column_int64(2);
    c.purpose = s.column_text(3);
    c.valid_from = s.column_text(4);
    c.valid_until = s.column_text(5);
    c.granted_by = s.column_optional_int64(6);
    c.granted_at = s.column_text(7);
    c.revoked_at = s.column_optional_text(8);
    c.revoked_by = s.column_optional_int64(9);
    return c;
}

constexpr std::string_view kObjectionColumns =
    "SELECT o.id, o.firm_org_id, o.figure, o.objection_text, o.filed_by, o.filed_at, a.answer_text, a.answered_by, "
    "a.answered_at FROM credit_objections o LEFT JOIN credit_objection_answers a ON a.objection_id = o.id ";

CreditObjectionRecord read_objection(const Statement& s) {
    CreditObjectionRecord o;
    o.id = s.column_int64(0);
    o.firm_org_id = s.column_int64(1);
    o.figure = s.column_text(2);
    o.text = s.column_text(3);
    o.filed_by = s.column_optional_int64(4);
    o.filed_at = s.column_text(5);
    o.answer = s.column_optional_text(6);
    o.answered_by = s.column_optional_int64(7);
    o.answered_at = s.column_optional_text(8);
    return o;
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

Result<ConsentRecord> SqliteCreditStore::add_consent(const ConsentRecord& consent) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO credit_consents (firm_org_id, lender_org_id, purpose, valid_from, valid_until, granted_by, "
        "granted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, consent.firm_org_id)
        .bind(2, consent.lender_org_id)
        .bind(3, std::string_view(consent.purpose))
        .bind(4, std::string_view(consent.valid_from))
        .bind(5, std::string_view(consent.valid_until))
        .bind(6, consent.granted_by)
        .bind(7, std::string_view(consent.granted_at));
    if (auto done = s->run(); !done) return tl::unexpected(missing_reference(done.error(), "firm, lender or user"));
    ConsentRecord out = consent;
    out.id = c_.last_insert_rowid();
    out.revoked_at.reset();
    out.revoked_by.reset();
    return out;
}

Result<ConsentRecord> SqliteCreditStore::revoke_consent(std::int64_t consent_id, std::optional<std::int64_t> by,
                                                        std::string_view at) {
    Lock lock(c_.mutex());
    auto before = find_consent(consent_id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("consent {} not found", consent_id), "id");
    if ((*before)->revoked_at) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("consent {} was already revoked at {}", consent_id, *(*before)->revoked_at), "id");
    }
    auto s = c_.prepare(
        "INSERT INTO credit_consent_revocations (consent_id, revoked_by, revoked_at) VALUES (?1, ?2, ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, consent_id).bind(2, by).bind(3, at);
    if (auto done = s->run(); !done) {
        // Another process revoked it between the read and the write: the first revocation stands.
        if (done.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kFailedPrecondition, fmt::format("consent {} was already revoked", consent_id), "id");
        }
        return tl::unexpected(done.error());
    }
    ConsentRecord out = **before;
    out.revoked_at = std::string(at);
    out.revoked_by = by;
    return out;
}

Result<std::optional<ConsentRecord>> SqliteCreditStore::find_consent(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kConsentColumns, "WHERE c.id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<ConsentRecord>(*s, read_consent);
}

Result<std::vector<ConsentRecord>> SqliteCreditStore::consents_of_firm(std::int64_t firm_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kConsentColumns, "WHERE c.firm_org_id = ?1 ORDER BY c.id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, firm_org_id);
    return all_rows<ConsentRecord>(*s, read_consent);
}

Result<std::vector<ConsentRecord>> SqliteCreditStore::consents_for_lender(std::int64_t lender_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kConsentColumns, "WHERE c.lender_org_id = ?1 ORDER BY c.id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, lender_org_id);
    return all_rows<ConsentRecord>(*s, read_consent);
}

Result<ReportReadRecord> SqliteCreditStore::log_read(const ReportReadRecord& read) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO credit_report_reads (firm_org_id, reader_org_id, reader_user_id, consent_id, read_at, channel) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, read.firm_org_id)
        .bind(2, read.reader_org_id)
        .bind(3, read.reader_user_id)
        .bind(4, read.consent_id)
        .bind(5, std::string_view(read.read_at))
        .bind(6, std::string_view(read.channel));
    if (auto done = s->run(); !done) {
        return tl::unexpected(missing_reference(done.error(), "firm, reader, user or consent"));
    }
    ReportReadRecord out = read;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<ReportReadRecord>> SqliteCreditStore::reads_of_firm(std::int64_t firm_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, firm_org_id, reader_org_id, reader_user_id, consent_id, read_at, channel FROM credit_report_reads "
        "WHERE firm_org_id = ?1 ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, firm_org_id);
    return all_rows<ReportReadRecord>(*s, [](const Statement& r) {
        return ReportReadRecord{r.column_int64(0),          r.column_int64(1), r.column_int64(2),
                                r.column_optional_int64(3), r.column_optional_int64(4), r.column_text(5),
                                r.column_text(6)};
    });
}

Result<CreditObjectionRecord> SqliteCreditStore::file_objection(const CreditObjectionRecord& objection) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO credit_objections (firm_org_id, figure, objection_text, filed_by, filed_at) VALUES (?1, ?2, ?3, "
        "?4, ?5)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, objection.firm_org_id)
        .bind(2, std::string_view(objection.figure))
        .bind(3, std::string_view(objection.text))
        .bind(4, objection.filed_by)
        .bind(5, std::string_view(objection.filed_at));
    if (auto done = s->run(); !done) return tl::unexpected(missing_reference(done.error(), "firm or user"));
    CreditObjectionRecord out = objection;
    out.id = c_.last_insert_rowid();
    out.answer.reset();
    out.answered_by.reset();
    out.answered_at.reset();
    return out;
}

Result<CreditObjectionRecord> SqliteCreditStore::answer_objection(std::int64_t objection_id, std::string_view answer,
                                                            std::optional<std::int64_t> by, std::string_view at) {
    Lock lock(c_.mutex());
    auto before = find_objection(objection_id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("objection {} not found", objection_id), "id");
    if ((*before)->answer) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("objection {} was already answered at {}", objection_id, *(*before)->answered_at),
                    "id");
    }
    auto s = c_.prepare(
        "INSERT INTO credit_objection_answers (objection_id, answer_text, answered_by, answered_at) VALUES (?1, ?2, "
        "?3, ?4)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, objection_id).bind(2, answer).bind(3, by).bind(4, at);
    if (auto done = s->run(); !done) {
        if (done.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kFailedPrecondition, fmt::format("objection {} was already answered", objection_id),
                        "id");
        }
        return tl::unexpected(done.error());
    }
    CreditObjectionRecord out = **before;
    out.answer = std::string(answer);
    out.answered_by = by;
    out.answered_at = std::string(at);
    return out;
}

Result<std::optional<CreditObjectionRecord>> SqliteCreditStore::find_objection(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kObjectionColumns, "WHERE o.id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<CreditObjectionRecord>(*s, read_objection);
}

Result<std::vector<CreditObjectionRecord>> SqliteCreditStore::objections(std::optional<std::int64_t> firm_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kObjectionColumns, "WHERE (?1 IS NULL OR o.firm_org_id = ?1) ORDER BY o.id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, firm_org_id);
    return all_rows<CreditObjectionRecord>(*s, read_objection);
}

}  // namespace yandian::store::sqlite
