#include "store/sqlite/account_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kOrganisationColumns = "SELECT id, name, kind, created_at, code FROM organisations ";

OrganisationRecord read_organisation(const Statement& s) {
    return OrganisationRecord{s.column_int64(0), s.column_text(1), s.column_text(2), s.column_text(3),
                              s.column_optional_text(4)};
}

constexpr std::string_view kUserColumns =
    "SELECT id, org_id, login, display_name, role, password_hash, disabled, created_at FROM users ";

UserRecord read_user(const Statement& s) {
    return UserRecord{s.column_int64(0), s.column_int64(1), s.column_text(2),       s.column_text(3),
                      s.column_text(4),  s.column_text(5),  s.column_int64(6) != 0, s.column_text(7)};
}

constexpr std::string_view kTokenColumns =
    "SELECT id, org_id, user_id, name, prefix, secret_sha256, created_at, revoked_at, last_used_at FROM api_tokens ";

TokenRecord read_token(const Statement& s) {
    return TokenRecord{s.column_int64(0), s.column_int64(1),         s.column_int64(2),
                       s.column_text(3),  s.column_text(4),          s.column_text(5),
                       s.column_text(6),  s.column_optional_text(7), s.column_optional_text(8)};
}

std::string read_text0(const Statement& s) { return s.column_text(0); }

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

}  // namespace

// ---- organisations

Result<OrganisationRecord> SqliteOrganisationStore::create(const OrganisationRecord& record) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO organisations (name, kind, created_at, code) VALUES (?1, ?2, ?3, ?4)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, std::string_view(record.name))
        .bind(2, std::string_view(record.kind))
        .bind(3, std::string_view(record.created_at))
        .bind(4, record.code);
    if (auto done = s->run(); !done) {
        if (done.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("organisation code '{}' is already taken", record.code.value_or("")), "code");
        }
        return tl::unexpected(done.error());
    }
    OrganisationRecord out = record;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<OrganisationRecord>> SqliteOrganisationStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kOrganisationColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<OrganisationRecord>(*s, read_organisation);
}

Result<std::optional<OrganisationRecord>> SqliteOrganisationStore::find_by_code(std::string_view code) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kOrganisationColumns, "WHERE code = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, code);
    return one_row<OrganisationRecord>(*s, read_organisation);
}

Result<std::vector<OrganisationRecord>> SqliteOrganisationStore::list() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kOrganisationColumns, "ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    return all_rows<OrganisationRecord>(*s, read_organisation);
}

Result<std::int64_t> SqliteOrganisationStore::count() {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT count(*) FROM organisations");
    if (!s) return tl::unexpected(s.error());
    auto n = one_row<std::int64_t>(*s, [](const Statement& st) { return st.column_int64(0); });
    if (!n) return tl::unexpected(n.error());
    return n->value_or(0);
}

// ---- users

Result<UserRecord> SqliteUserStore::create(const UserRecord& record) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO users (org_id, login, display_name, role, password_hash, disabled, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, record.org_id)
        .bind(2, std::string_view(record.login))
        .bind(3, std::string_view(record.display_name))
        .bind(4, std::string_view(record.role))
        .bind(5, std::string_view(record.password_hash))
        .bind(6, std::int64_t{record.disabled ? 1 : 0})
        .bind(7, std::string_view(record.created_at));
    if (auto done = s->run(); !done) {
        Error error = done.error();
        if (error.code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists, fmt::format("login '{}' is already taken", record.login), "login");
        }
        if (error.code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", record.org_id), "org_id");
        }
        return tl::unexpected(std::move(error));
    }
    UserRecord out = record;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<UserRecord>> SqliteUserStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kUserColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<UserRecord>(*s, read_user);
}

Result<std::optional<UserRecord>> SqliteUserStore::find_by_login(std::string_view login) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kUserColumns, "WHERE login = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, login);
    return one_row<UserRecord>(*s, read_user);
}

Result<std::vector<UserRecord>> SqliteUserStore::list_by_organisation(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kUserColumns, "WHERE org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<UserRecord>(*s, read_user);
}

Result<std::vector<UserRecord>> SqliteUserStore::list_all() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kUserColumns, "ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    return all_rows<UserRecord>(*s, read_user);
}

Status SqliteUserStore::set_password_hash(std::int64_t user_id, std::string_view password_hash) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, user_id).bind(2, password_hash);
    return one_row_changed(c_, *s, "user", user_id);
}

Status SqliteUserStore::set_disabled(std::int64_t user_id, bool disabled) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE users SET disabled = ?2 WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, user_id).bind(2, std::int64_t{disabled ? 1 : 0});
    return one_row_changed(c_, *s, "user", user_id);
}

// ---- API tokens

Result<TokenRecord> SqliteTokenStore::create(const TokenRecord& record) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO api_tokens (org_id, user_id, name, prefix, secret_sha256, created_at, revoked_at, last_used_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, record.org_id)
        .bind(2, record.user_id)
        .bind(3, std::string_view(record.name))
        .bind(4, std::string_view(record.prefix))
        .bind(5, std::string_view(record.secret_sha256))
        .bind(6, std::string_view(record.created_at))
        .bind(7, record.revoked_at)
        .bind(8, record.last_used_at);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    TokenRecord out = record;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<TokenRecord>> SqliteTokenStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTokenColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<TokenRecord>(*s, read_token);
}

Result<std::optional<TokenRecord>> SqliteTokenStore::find_by_secret(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTokenColumns, "WHERE secret_sha256 = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, secret_sha256);
    return one_row<TokenRecord>(*s, read_token);
}

Result<std::vector<TokenRecord>> SqliteTokenStore::list_by_organisation(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTokenColumns, "WHERE org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<TokenRecord>(*s, read_token);
}

Status SqliteTokenStore::revoke(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id).bind(2, at);
    return one_row_changed(c_, *s, "token", id);
}

Status SqliteTokenStore::mark_used(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id).bind(2, at);
    return one_row_changed(c_, *s, "token", id);
}

// ---- sessions

Status SqliteSessionStore::create(const SessionRecord& record) {
    Lock lock(c_.mutex());
    auto s =
        c_.prepare("INSERT INTO sessions (secret_sha256, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, std::string_view(record.secret_sha256))
        .bind(2, record.user_id)
        .bind(3, std::string_view(record.created_at))
        .bind(4, std::string_view(record.expires_at));
    return s->run();
}

Result<std::optional<SessionRecord>> SqliteSessionStore::find(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT secret_sha256, user_id, created_at, expires_at FROM sessions WHERE secret_sha256 = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, secret_sha256);
    return one_row<SessionRecord>(*s, [](const Statement& st) {
        return SessionRecord{st.column_text(0), st.column_int64(1), st.column_text(2), st.column_text(3)};
    });
}

Result<bool> SqliteSessionStore::remove(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("DELETE FROM sessions WHERE secret_sha256 = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, secret_sha256);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    return c_.changes() > 0;
}

Result<std::int64_t> SqliteSessionStore::remove_for_user(std::int64_t user_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, user_id);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    return c_.changes();
}

Result<std::int64_t> SqliteSessionStore::remove_expired(std::string_view now) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("DELETE FROM sessions WHERE expires_at <= ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, now);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    return c_.changes();
}

// ---- login failures

Status SqliteLoginFailureStore::record(std::string_view login, std::string_view remote_address, std::string_view at) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO login_failures (login, remote_address, at) VALUES (?1, ?2, ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, login).bind(2, remote_address).bind(3, at);
    return s->run();
}

Result<std::vector<std::string>> SqliteLoginFailureStore::since_for_login(std::string_view login,
                                                                          std::string_view since) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT at FROM login_failures WHERE login = ?1 AND at >= ?2 ORDER BY at");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, login).bind(2, since);
    return all_rows<std::string>(*s, read_text0);
}

Result<std::vector<std::string>> SqliteLoginFailureStore::since_for_address(std::string_view remote_address,
                                                                            std::string_view since) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT at FROM login_failures WHERE remote_address = ?1 AND at >= ?2 ORDER BY at");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, remote_address).bind(2, since);
    return all_rows<std::string>(*s, read_text0);
}

Status SqliteLoginFailureStore::clear_for_login(std::string_view login) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("DELETE FROM login_failures WHERE login = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, login);
    return s->run();
}

Result<std::int64_t> SqliteLoginFailureStore::prune(std::string_view before) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("DELETE FROM login_failures WHERE at < ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, before);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    return c_.changes();
}

}  // namespace yandian::store::sqlite
