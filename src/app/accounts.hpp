#pragma once
// Accounts and access: organisations, users, password sessions and API tokens.
// Every method that acts for a request takes the caller's Principal and enforces "deny by default":
// an object of another organisation is reported as kNotFound, never shown. Methods without a
// Principal are for the operator on the machine (CLI `yandian init|user|token`).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/account_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

enum class OrgKind { kManufacturer, kMerchant, kLender, kAuthority, kAssociation };
// admin: manages users and tokens of its organisation; engineer: writes data; viewer: reads; analyst: aggregates.
enum class Role { kAdmin, kEngineer, kViewer, kAnalyst };

std::string_view to_string(OrgKind kind);
std::string_view to_string(Role role);
Result<OrgKind> parse_org_kind(std::string_view text);  // "manufacturer", ...
Result<Role> parse_role(std::string_view text);         // "admin", ...

using yandian::Clock;

struct Organisation {
    std::int64_t id = 0;
    std::string name;
    OrgKind kind = OrgKind::kManufacturer;
    std::string created_at;           // ISO 8601 UTC, millisecond precision
    std::optional<std::string> code;  // short name people write instead of the id (MQTT topics, Modbus maps, CLI)
};

// An organisation code: 2-32 lower-case letters, digits and '-', starting with a letter and not ending with '-' (so it
// never reads as an id). kInvalidArgument naming the rule otherwise.
Status validate_org_code(std::string_view code);
// An organisation named the way people write it: its id ("12") or its code ("zx"); kNotFound (field "organisation")
// saying both forms.
Result<store::OrganisationRecord> lookup_organisation(store::Database& db, std::string_view id_or_code);

struct User {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string login;
    std::string display_name;
    Role role = Role::kViewer;
    bool disabled = false;
    std::string created_at;
};

// Who is asking: the user of a session, or the user an API token was created for.
struct Principal {
    std::int64_t user_id = 0;
    std::int64_t org_id = 0;
    Role role = Role::kViewer;
    std::string login;
    std::optional<std::int64_t> token_id;  // set when authenticated by an API token
};

struct ApiToken {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string prefix;  // first characters of the secret, to recognise it in lists
    std::string created_at;
    std::optional<std::string> revoked_at;
    std::optional<std::string> last_used_at;
};

struct NewToken {
    ApiToken token;
    std::string secret;  // shown once; only its SHA-256 is stored
};

struct Session {
    std::string secret;  // goes into the HttpOnly cookie; only its SHA-256 is stored
    std::string expires_at;
    std::chrono::seconds max_age{0};
    Principal principal;
};

// What `AccountService::initialise` created.
struct Initialised {
    Organisation organisation;
    User admin;
};

struct AccountOptions {
    std::chrono::seconds session_lifetime{std::chrono::hours(12)};
    int max_failures_per_login = 5;     // within failure_window, then kRateLimited
    int max_failures_per_address = 20;  // within failure_window, then kRateLimited
    std::chrono::seconds failure_window{std::chrono::minutes(15)};
    // argon2id cost; tests may lower it. Defaults follow RFC 9106's second recommended option scaled down
    // for a 2-core server: t=3, m=64 MiB, p=1.
    std::uint32_t argon2_time_cost = 3;
    std::uint32_t argon2_memory_kib = 64 * 1024;
    std::uint32_t argon2_parallelism = 1;
};

class AccountService {
  public:
    AccountService(store::Database& db, AccountOptions options, Clock clock);
    ~AccountService();
    AccountService(const AccountService&) = delete;
    AccountService& operator=(const AccountService&) = delete;

    // Operator actions (CLI and demo set-up).
    Result<Organisation> create_organisation(std::string_view name, OrgKind kind, std::string_view code = {});
    // An organisation by id or code (see lookup_organisation).
    Result<Organisation> find_organisation(std::string_view id_or_code);
    Result<std::vector<Organisation>> list_organisations();
    Result<User> create_user(std::int64_t org_id, std::string_view login, std::string_view password, Role role,
                             std::string_view display_name);
    // Creates the first organisation and its administrator in one transaction; kFailedPrecondition when
    // the store already has an organisation.
    Result<Initialised> initialise(std::string_view org_name, OrgKind kind, std::string_view admin_login,
                                   std::string_view admin_password, std::string_view admin_display_name,
                                   std::string_view org_code = {});
    Result<std::vector<User>> list_all_users();
    Result<User> find_user_by_login(std::string_view login);
    Status set_password(std::string_view login, std::string_view new_password);  // ends the user's sessions
    Status set_user_disabled(std::string_view login, bool disabled);             // disabling ends sessions
    Result<NewToken> create_token_for(std::string_view login, std::string_view token_name);
    Status revoke_token_by_id(std::int64_t token_id);

    // Authentication. login() is rate-limited per login and per remote address (failures only).
    Result<Session> login(std::string_view login, std::string_view password, std::string_view remote_address);
    Result<Principal> authenticate_session(std::string_view secret);
    Status logout(std::string_view secret);
    Result<Principal> authenticate_token(std::string_view secret);

    // Request actions, scoped to the caller's organisation.
    Result<Organisation> get_organisation(const Principal& who, std::int64_t org_id);
    Result<User> get_user(const Principal& who, std::int64_t user_id);
    Result<std::vector<User>> list_users(const Principal& who);
    Result<User> add_user(const Principal& who, std::string_view login, std::string_view password, Role role,
                          std::string_view display_name);  // admin only
    Result<std::vector<ApiToken>> list_tokens(const Principal& who);
    Result<NewToken> create_token(const Principal& who, std::string_view token_name);
    Status revoke_token(const Principal& who, std::int64_t token_id);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yandian::app
