#pragma once
// Store ports for the accounts aggregates: organisations, users, API tokens, sessions and login failures.
// Records carry plain values (kinds and roles as their text names, times as ISO 8601 UTC text with
// milliseconds); the application validates them. Each call is atomic on its own; several calls are
// made atomic together with Database::in_transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct OrganisationRecord {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
    std::string created_at;
    std::optional<std::string> code;  // short name, unique; none for organisations created without one
};

struct UserRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string login;
    std::string display_name;
    std::string role;
    std::string password_hash;  // argon2id encoded hash
    bool disabled = false;
    std::string created_at;
};

struct TokenRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string prefix;
    std::string secret_sha256;  // hex SHA-256 of the secret
    std::string created_at;
    std::optional<std::string> revoked_at;
    std::optional<std::string> last_used_at;
};

struct SessionRecord {
    std::string secret_sha256;  // hex SHA-256 of the cookie secret
    std::int64_t user_id = 0;
    std::string created_at;
    std::string expires_at;
};

class OrganisationStore {
  public:
    virtual ~OrganisationStore() = default;
    // Inserts and returns the record with its new id; kAlreadyExists (field "code") when the code is taken.
    virtual Result<OrganisationRecord> create(const OrganisationRecord& record) = 0;
    virtual Result<std::optional<OrganisationRecord>> find(std::int64_t id) = 0;
    virtual Result<std::optional<OrganisationRecord>> find_by_code(std::string_view code) = 0;
    virtual Result<std::vector<OrganisationRecord>> list() = 0;  // by id
    virtual Result<std::int64_t> count() = 0;
};

class UserStore {
  public:
    virtual ~UserStore() = default;
    // Inserts and returns the record with its new id; kAlreadyExists (field "login") when the login is taken.
    virtual Result<UserRecord> create(const UserRecord& record) = 0;
    virtual Result<std::optional<UserRecord>> find(std::int64_t id) = 0;
    virtual Result<std::optional<UserRecord>> find_by_login(std::string_view login) = 0;
    virtual Result<std::vector<UserRecord>> list_by_organisation(std::int64_t org_id) = 0;       // by id
    virtual Result<std::vector<UserRecord>> list_all() = 0;                                      // by id
    virtual Status set_password_hash(std::int64_t user_id, std::string_view password_hash) = 0;  // kNotFound
    virtual Status set_disabled(std::int64_t user_id, bool disabled) = 0;                        // kNotFound
};

class TokenStore {
  public:
    virtual ~TokenStore() = default;
    virtual Result<TokenRecord> create(const TokenRecord& record) = 0;
    virtual Result<std::optional<TokenRecord>> find(std::int64_t id) = 0;
    virtual Result<std::optional<TokenRecord>> find_by_secret(std::string_view secret_sha256) = 0;
    virtual Result<std::vector<TokenRecord>> list_by_organisation(std::int64_t org_id) = 0;  // by id
    // Sets revoked_at unless already revoked; kNotFound for an unknown id.
    virtual Status revoke(std::int64_t id, std::string_view at) = 0;
    virtual Status mark_used(std::int64_t id, std::string_view at) = 0;
};

class SessionStore {
  public:
    virtual ~SessionStore() = default;
    virtual Status create(const SessionRecord& record) = 0;
    virtual Result<std::optional<SessionRecord>> find(std::string_view secret_sha256) = 0;
    // Returns whether a session was removed.
    virtual Result<bool> remove(std::string_view secret_sha256) = 0;
    virtual Result<std::int64_t> remove_for_user(std::int64_t user_id) = 0;
    // Removes sessions whose expires_at <= now.
    virtual Result<std::int64_t> remove_expired(std::string_view now) = 0;
};

class LoginFailureStore {
  public:
    virtual ~LoginFailureStore() = default;
    virtual Status record(std::string_view login, std::string_view remote_address, std::string_view at) = 0;
    // Times (ascending) of the failures for a login / from an address at or after `since`.
    virtual Result<std::vector<std::string>> since_for_login(std::string_view login, std::string_view since) = 0;
    virtual Result<std::vector<std::string>> since_for_address(std::string_view remote_address,
                                                               std::string_view since) = 0;
    virtual Status clear_for_login(std::string_view login) = 0;
    // Removes failures older than `before`.
    virtual Result<std::int64_t> prune(std::string_view before) = 0;
};

}  // namespace yandian::store
