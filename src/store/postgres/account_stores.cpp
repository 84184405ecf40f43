#include "store/postgres/account_stores.hpp"

#include <fmt/format.h>

#include <mutex>

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kOrganisationColumns = "SELECT id, name, kind, created_at, code FROM organisations ";

OrganisationRecord read_organisation(const Rows& r, int i) {
    return OrganisationRecord{r.int64(i, 0), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                              std::string(r.text(i, 3)), r.optional_text(i, 4)};
}

constexpr std::string_view kUserColumns =
    "SELECT id, org_id, login, display_name, role, password_hash, disabled, created_at FROM users ";

UserRecord read_user(const Rows& r, int i) {
    return UserRecord{r.int64(i, 0),
                      r.int64(i, 1),
                      std::string(r.text(i, 2)),
                      std::string(r.text(i, 3)),
                      std::string(r.text(i, 4)),
                      std::string(r.text(i, 5)),
                      r.boolean(i, 6),
                      std::string(r.text(i, 7))};
}

constexpr std::string_view kTokenColumns =
    "SELECT id, org_id, user_id, name, prefix, secret_sha256, created_at, revoked_at, last_used_at FROM api_tokens ";

TokenRecord read_token(const Rows& r, int i) {
    return TokenRecord{r.int64(i, 0),
                       r.int64(i, 1),
                       r.int64(i, 2),
                       std::string(r.text(i, 3)),
                       std::string(r.text(i, 4)),
                       std::string(r.text(i, 5)),
                       std::string(r.text(i, 6)),
                       r.optional_text(i, 7),
                       r.optional_text(i, 8)};
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

template <class T, class Read>
Result<std::optional<T>> first(Result<Rows> rows, Read read) {
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<T>{};
    return std::optional<T>{read(*rows, 0)};
}

template <class T, class Read>
Result<std::vector<T>> all(Result<Rows> rows, Read read) {
    if (!rows) return tl::unexpected(rows.error());
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back(read(*rows, i));
    return out;
}

// An UPDATE that must change exactly one row: kNotFound naming the object otherwise.
Status one_changed(Result<Rows> rows, std::string_view what, std::int64_t id) {
    if (!rows) return tl::unexpected(rows.error());
    if (rows->affected() == 0) return fail(ErrorCode::kNotFound, fmt::format("{} {} not found", what, id), "id");
    return {};
}

Result<std::int64_t> changed(Result<Rows> rows) {
    if (!rows) return tl::unexpected(rows.error());
    return rows->affected();
}

std::string text0(const Rows& r, int i) { return std::string(r.text(i, 0)); }

}  // namespace

// ---- organisations

Result<OrganisationRecord> PgOrganisationStore::create(const OrganisationRecord& record) {
    Lock lock(c_.mutex());
    auto rows =
        c_.query("INSERT INTO organisations (name, kind, created_at, code) VALUES ($1, $2, $3, $4) RETURNING id",
                 {record.name, record.kind, record.created_at, record.code});
    if (!rows) {
        if (rows.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("organisation code '{}' is already taken", record.code.value_or("")), "code");
        }
        return tl::unexpected(rows.error());
    }
    OrganisationRecord out = record;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<OrganisationRecord>> PgOrganisationStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<OrganisationRecord>(c_.query(sql(kOrganisationColumns, "WHERE id = $1"), {id}), read_organisation);
}

Result<std::optional<OrganisationRecord>> PgOrganisationStore::find_by_code(std::string_view code) {
    Lock lock(c_.mutex());
    return first<OrganisationRecord>(c_.query(sql(kOrganisationColumns, "WHERE code = $1"), {code}), read_organisation);
}

Result<std::vector<OrganisationRecord>> PgOrganisationStore::list() {
    Lock lock(c_.mutex());
    return all<OrganisationRecord>(c_.query(sql(kOrganisationColumns, "ORDER BY id")), read_organisation);
}

Result<std::int64_t> PgOrganisationStore::count() {
    Lock lock(c_.mutex());
    auto rows = c_.query("SELECT count(*) FROM organisations");
    if (!rows) return tl::unexpected(rows.error());
    return rows->int64(0, 0);
}

// ---- users

Result<UserRecord> PgUserStore::create(const UserRecord& record) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO users (org_id, login, display_name, role, password_hash, disabled, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {record.org_id, record.login, record.display_name, record.role, record.password_hash,
         record.disabled ? "true" : "false", record.created_at});
    if (!rows) {
        Error error = rows.error();
        if (error.code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists, fmt::format("login '{}' is already taken", record.login), "login");
        }
        if (error.code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", record.org_id), "org_id");
        }
        return tl::unexpected(std::move(error));
    }
    UserRecord out = record;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<UserRecord>> PgUserStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<UserRecord>(c_.query(sql(kUserColumns, "WHERE id = $1"), {id}), read_user);
}

Result<std::optional<UserRecord>> PgUserStore::find_by_login(std::string_view login) {
    Lock lock(c_.mutex());
    return first<UserRecord>(c_.query(sql(kUserColumns, "WHERE login = $1"), {login}), read_user);
}

Result<std::vector<UserRecord>> PgUserStore::list_by_organisation(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<UserRecord>(c_.query(sql(kUserColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_user);
}

Result<std::vector<UserRecord>> PgUserStore::list_all() {
    Lock lock(c_.mutex());
    return all<UserRecord>(c_.query(sql(kUserColumns, "ORDER BY id")), read_user);
}

Status PgUserStore::set_password_hash(std::int64_t user_id, std::string_view password_hash) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE users SET password_hash = $2 WHERE id = $1", {user_id, password_hash}), "user",
                       user_id);
}

Status PgUserStore::set_disabled(std::int64_t user_id, bool disabled) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE users SET disabled = $2 WHERE id = $1", {user_id, disabled ? "true" : "false"}),
                       "user", user_id);
}

// ---- API tokens

Result<TokenRecord> PgTokenStore::create(const TokenRecord& record) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO api_tokens (org_id, user_id, name, prefix, secret_sha256, created_at, revoked_at, last_used_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {record.org_id, record.user_id, record.name, record.prefix, record.secret_sha256, record.created_at,
         record.revoked_at, record.last_used_at});
    if (!rows) return tl::unexpected(rows.error());
    TokenRecord out = record;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<TokenRecord>> PgTokenStore::find(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<TokenRecord>(c_.query(sql(kTokenColumns, "WHERE id = $1"), {id}), read_token);
}

Result<std::optional<TokenRecord>> PgTokenStore::find_by_secret(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    return first<TokenRecord>(c_.query(sql(kTokenColumns, "WHERE secret_sha256 = $1"), {secret_sha256}), read_token);
}

Result<std::vector<TokenRecord>> PgTokenStore::list_by_organisation(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<TokenRecord>(c_.query(sql(kTokenColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_token);
}

Status PgTokenStore::revoke(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1", {id, at}),
                       "token", id);
}

Status PgTokenStore::mark_used(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, at}), "token", id);
}

// ---- sessions

Status PgSessionStore::create(const SessionRecord& record) {
    Lock lock(c_.mutex());
    auto rows =
        c_.query("INSERT INTO sessions (secret_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                 {record.secret_sha256, record.user_id, record.created_at, record.expires_at});
    if (!rows) return tl::unexpected(rows.error());
    return {};
}

Result<std::optional<SessionRecord>> PgSessionStore::find(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    return first<SessionRecord>(
        c_.query("SELECT secret_sha256, user_id, created_at, expires_at FROM sessions WHERE secret_sha256 = $1",
                 {secret_sha256}),
        [](const Rows& r, int i) {
            return SessionRecord{std::string(r.text(i, 0)), r.int64(i, 1), std::string(r.text(i, 2)),
                                 std::string(r.text(i, 3))};
        });
}

Result<bool> PgSessionStore::remove(std::string_view secret_sha256) {
    Lock lock(c_.mutex());
    auto n = changed(c_.query("DELETE FROM sessions WHERE secret_sha256 = $1", {secret_sha256}));
    if (!n) return tl::unexpected(n.error());
    return *n > 0;
}

Result<std::int64_t> PgSessionStore::remove_for_user(std::int64_t user_id) {
    Lock lock(c_.mutex());
    return changed(c_.query("DELETE FROM sessions WHERE user_id = $1", {user_id}));
}

Result<std::int64_t> PgSessionStore::remove_expired(std::string_view now) {
    Lock lock(c_.mutex());
    return changed(c_.query("DELETE FROM sessions WHERE expires_at <= $1", {now}));
}

// ---- login failures

Status PgLoginFailureStore::record(std::string_view login, std::string_view remote_address, std::string_view at) {
    Lock lock(c_.mutex());
    auto rows = c_.query("INSERT INTO login_failures (login, remote_address, at) VALUES ($1, $2, $3)",
                         {login, remote_address, at});
    if (!rows) return tl::unexpected(rows.error());
    return {};
}

Result<std::vector<std::string>> PgLoginFailureStore::since_for_login(std::string_view login, std::string_view since) {
    Lock lock(c_.mutex());
    return all<std::string>(
        c_.query("SELECT at FROM login_failures WHERE login = $1 AND at >= $2 ORDER BY at", {login, since}), text0);
}

Result<std::vector<std::string>> PgLoginFailureStore::since_for_address(std::string_view remote_address,
                                                                        std::string_view since) {
    Lock lock(c_.mutex());
    return all<std::string>(c_.query("SELECT at FROM login_failures WHERE remote_address = $1 AND at >= $2 ORDER BY at",
                                     {remote_address, since}),
                            text0);
}

Status PgLoginFailureStore::clear_for_login(std::string_view login) {
    Lock lock(c_.mutex());
    auto rows = c_.query("DELETE FROM login_failures WHERE login = $1", {login});
    if (!rows) return tl::unexpected(rows.error());
    return {};
}

Result<std::int64_t> PgLoginFailureStore::prune(std::string_view before) {
    Lock lock(c_.mutex());
    return changed(c_.query("DELETE FROM login_failures WHERE at < $1", {before}));
}

}  // namespace yandian::store::postgres
