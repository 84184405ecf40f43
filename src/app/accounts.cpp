#include "app/accounts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <mutex>

#include "app/crypto.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

constexpr std::array<std::pair<OrgKind, std::string_view>, 5> kOrgKinds{{
    {OrgKind::kManufacturer, "manufacturer"},
    {OrgKind::kMerchant, "merchant"},
    {OrgKind::kLender, "lender"},
    {OrgKind::kAuthority, "authority"},
    {OrgKind::kAssociation, "association"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::kAdmin, "admin"},
    {Role::kEngineer, "engineer"},
    {Role::kViewer, "viewer"},
    {Role::kAnalyst, "analyst"},
}};

constexpr std::string_view kTokenPrefix = "ydn_";
constexpr std::size_t kSecretBytes = 32;         // session and token secrets: 256 bits
constexpr std::size_t kTokenPrefixShown = 12;    // "ydn_" + 8 hex digits, shown in lists
constexpr std::size_t kMaxPasswordBytes = 1024;  // bounds the hashing work a request can ask for
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxKeyBytes = 128;  // login / address text kept for failed logins
constexpr auto kLastUsedResolution = std::chrono::minutes(1);
constexpr std::string_view kBadCredentials = "login or password is incorrect";

Status validate_login(std::string_view login) {
    bool ok = login.size() >= 3 && login.size() <= 64 && std::all_of(login.begin(), login.end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
              });
    if (!ok) {
        return fail(
            ErrorCode::kInvalidArgument,
            fmt::format("login '{}' must be 3 to 64 characters of a-z, 0-9, '.', '_' and '-'", login.substr(0, 80)),
            "login");
    }
    return {};
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status validate_password(std::string_view password) {
    if (utf8_length(password) < 10) {
        return fail(ErrorCode::kInvalidArgument, "password must be at least 10 characters", "password");
    }
    if (password.size() > kMaxPasswordBytes) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("password must be at most {} bytes", kMaxPasswordBytes),
                    "password");
    }
    return {};
}

std::string_view trim(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

Result<std::string> validate_name(std::string_view text, std::string_view field, std::string_view what, bool required) {
    std::string_view trimmed = trim(text);
    if (required && trimmed.empty()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{} must not be empty", what), std::string(field));
    }
    if (trimmed.size() > kMaxNameBytes) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{} must be at most {} bytes", what, kMaxNameBytes),
                    std::string(field));
    }
    if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{} must not contain control characters", what),
                    std::string(field));
    }
    return std::string(trimmed);
}

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Error internal(std::string message) { return Error{ErrorCode::kInternal, std::move(message), {}}; }

std::optional<std::string> optional_code(std::string_view code) {
    if (code.empty()) return std::nullopt;
    return std::string(code);
}

Result<Organisation> to_organisation(const store::OrganisationRecord& r) {
    auto kind = parse_org_kind(r.kind);
    if (!kind) return tl::unexpected(internal(fmt::format("organisation {} has unknown kind '{}'", r.id, r.kind)));
    return Organisation{r.id, r.name, *kind, r.created_at, r.code};
}

Result<User> to_user(const store::UserRecord& r) {
    auto role = parse_role(r.role);
    if (!role) return tl::unexpected(internal(fmt::format("user {} has unknown role '{}'", r.id, r.role)));
    return User{r.id, r.org_id, r.login, r.display_name, *role, r.disabled, r.created_at};
}

Result<std::vector<User>> to_users(const std::vector<store::UserRecord>& records) {
    std::vector<User> users;
    users.reserve(records.size());
    for (const auto& r : records) {
        auto user = to_user(r);
        if (!user) return tl::unexpected(user.error());
        users.push_back(std::move(*user));
    }
    return users;
}

ApiToken to_token(const store::TokenRecord& r) {
    return ApiToken{r.id, r.org_id, r.user_id, r.name, r.prefix, r.created_at, r.revoked_at, r.last_used_at};
}

Principal principal_of(const User& user) { return Principal{user.id, user.org_id, user.role, user.login, {}}; }

Error not_found(std::string_view what, std::int64_t id) {
    return Error{ErrorCode::kNotFound, fmt::format("{} {} not found", what, id), "id"};
}

Error login_not_found(std::string_view login) {
    return Error{ErrorCode::kNotFound, fmt::format("no user with login '{}'", login.substr(0, 80)), "login"};
}

}  // namespace

Result<store::OrganisationRecord> lookup_organisation(store::Database& db, std::string_view id_or_code) {
    Result<std::optional<store::OrganisationRecord>> record = std::optional<store::OrganisationRecord>{};
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(id_or_code.data(), id_or_code.data() + id_or_code.size(), id);
    if (!id_or_code.empty() && ec == std::errc() && end == id_or_code.data() + id_or_code.size()) {
        record = db.organisations().find(id);
    } else {
        record = db.organisations().find_by_code(id_or_code);
    }
    if (!record) return tl::unexpected(record.error());
    if (!*record) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("organisation '{}' not found: give its id or its code (`yandian org list` shows both)",
                                id_or_code.substr(0, 80)),
                    "organisation");
    }
    return **record;
}

Status validate_org_code(std::string_view code) {
    auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
    bool ok = code.size() >= 2 && code.size() <= 32 && code.front() >= 'a' && code.front() <= 'z' &&
              code.back() != '-' && std::all_of(code.begin(), code.end(), allowed);
    if (!ok) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation code '{}' must be 2 to 32 characters of a-z, 0-9 and '-', starting with "
                                "a letter and not ending with '-'",
                                code.substr(0, 80)),
                    "code");
    }
    return {};
}

std::string_view to_string(OrgKind kind) {
    for (const auto& [k, name] : kOrgKinds) {
        if (k == kind) return name;
    }
    return "unknown";
}

std::string_view to_string(Role role) {
    for (const auto& [r, name] : kRoles) {
        if (r == role) return name;
    }
    return "unknown";
}

Result<OrgKind> parse_org_kind(std::string_view text) {
    for (const auto& [k, name] : kOrgKinds) {
        if (name == text) return k;
    }
    return fail(
        ErrorCode::kInvalidArgument,
        fmt::format("organisation kind '{}' is not one of manufacturer, merchant, lender, authority, association",
                    text.substr(0, 80)),
        "kind");
}

Result<Role> parse_role(std::string_view text) {
    for (const auto& [r, name] : kRoles) {
        if (name == text) return r;
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("role '{}' is not one of admin, engineer, viewer, analyst", text.substr(0, 80)), "role");
}

struct AccountService::Impl {
    Impl(store::Database& database, AccountOptions opts, Clock clk)
        : db(database), options(opts), clock(std::move(clk)) {}

    store::Database& db;
    AccountOptions options;
    Clock clock;
    std::once_flag dummy_once;
    std::string dummy_hash;  // verified against when a login is unknown, so both cases cost the same
    // Attempts on the same login run one at a time (check, verify, record), so parallel guesses cannot
    // exceed max_failures_per_login. Striped: logins hashing to different stripes proceed in parallel.
    std::array<std::mutex, 64> login_stripes;

    std::mutex& stripe_for(std::string_view login_key) {
        return login_stripes[std::hash<std::string_view>{}(login_key) % login_stripes.size()];
    }

    Argon2Params argon2() const {
        return Argon2Params{options.argon2_time_cost, options.argon2_memory_kib, options.argon2_parallelism};
    }

    TimePoint now() const { return clock(); }

    Result<std::string> hash(std::string_view password) const { return hash_password(password, argon2()); }

    Result<User> user_by_login(std::string_view login) {
        auto record = db.users().find_by_login(login);
        if (!record) return tl::unexpected(record.error());
        if (!*record) return tl::unexpected(login_not_found(login));
        return to_user(**record);
    }

    Result<NewToken> create_token(const User& user, std::string_view token_name) {
        auto name = validate_name(token_name, "name", "token name", true);
        if (!name) return tl::unexpected(name.error());
        auto random = random_hex(kSecretBytes);
        if (!random) return tl::unexpected(random.error());
        std::string secret = std::string(kTokenPrefix) + *random;
        store::TokenRecord record{0,
                                  user.org_id,
                                  user.id,
                                  *name,
                                  secret.substr(0, kTokenPrefixShown),
                                  sha256_hex(secret),
                                  format_utc(now()),
                                  std::nullopt,
                                  std::nullopt};
        auto created = db.tokens().create(record);
        if (!created) return tl::unexpected(created.error());
        return NewToken{to_token(*created), std::move(secret)};
    }

    // kRateLimited when `failures` (ascending times within the window) has reached `limit`.
    Status check_limit(const std::vector<std::string>& failures, int limit, std::string_view what,
                       std::string_view field, TimePoint now_time) const {
        if (limit <= 0 || failures.size() < static_cast<std::size_t>(limit)) return {};
        // The limit is lifted when the failure at index size - limit leaves the window.
        auto oldest = parse_utc(failures[failures.size() - static_cast<std::size_t>(limit)]);
        if (!oldest) return tl::unexpected(internal("stored login failure time is malformed"));
        TimePoint retry = *oldest + options.failure_window + std::chrono::milliseconds(1);
        auto wait = std::chrono::ceil<std::chrono::seconds>(retry - now_time).count();
        return fail(ErrorCode::kRateLimited,
                    fmt::format("too many failed logins {}; try again after {} (in {} s)", what, format_utc(retry),
                                std::max<long long>(wait, 1)),
                    std::string(field));
    }

    Result<Principal> principal_for_user_id(std::int64_t user_id, std::string_view inactive_message) {
        auto record = db.users().find(user_id);
        if (!record) return tl::unexpected(record.error());
        if (!*record || (*record)->disabled) return fail(ErrorCode::kUnauthenticated, std::string(inactive_message));
        auto user = to_user(**record);
        if (!user) return tl::unexpected(user.error());
        return principal_of(*user);
    }
};

AccountService::AccountService(store::Database& db, AccountOptions options, Clock clock)
    : impl_(std::make_unique<Impl>(db, options, std::move(clock))) {}

AccountService::~AccountService() = default;

// ---- operator actions

Result<Organisation> AccountService::create_organisation(std::string_view name, OrgKind kind, std::string_view code) {
    auto valid = validate_name(name, "name", "organisation name", true);
    if (!valid) return tl::unexpected(valid.error());
    if (!code.empty()) {
        if (auto ok = validate_org_code(code); !ok) return tl::unexpected(ok.error());
    }
    auto created = impl_->db.organisations().create(
        {0, *valid, std::string(to_string(kind)), format_utc(impl_->now()), optional_code(code)});
    if (!created) return tl::unexpected(created.error());
    return to_organisation(*created);
}

Result<Organisation> AccountService::find_organisation(std::string_view id_or_code) {
    auto record = lookup_organisation(impl_->db, id_or_code);
    if (!record) return tl::unexpected(record.error());
    return to_organisation(*record);
}

Result<std::vector<Organisation>> AccountService::list_organisations() {
    auto records = impl_->db.organisations().list();
    if (!records) return tl::unexpected(records.error());
    std::vector<Organisation> out;
    for (const auto& r : *records) {
        auto org = to_organisation(r);
        if (!org) return tl::unexpected(org.error());
        out.push_back(std::move(*org));
    }
    return out;
}

Result<User> AccountService::create_user(std::int64_t org_id, std::string_view login, std::string_view password,
                                         Role role, std::string_view display_name) {
    if (auto ok = validate_login(login); !ok) return tl::unexpected(ok.error());
    if (auto ok = validate_password(password); !ok) return tl::unexpected(ok.error());
    auto name = validate_name(display_name, "display_name", "display name", false);
    if (!name) return tl::unexpected(name.error());
    auto org = impl_->db.organisations().find(org_id);
    if (!org) return tl::unexpected(org.error());
    if (!*org) return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", org_id), "org_id");
    auto existing = impl_->db.users().find_by_login(login);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return fail(ErrorCode::kAlreadyExists, fmt::format("login '{}' is already taken", login), "login");
    auto hash = impl_->hash(password);
    if (!hash) return tl::unexpected(hash.error());
    store::UserRecord record{0,     org_id, std::string(login),      *name, std::string(to_string(role)),
                             *hash, false,  format_utc(impl_->now())};
    auto created = impl_->db.users().create(record);  // a concurrent duplicate is caught by the unique login
    if (!created) return tl::unexpected(created.error());
    return to_user(*created);
}

Result<Initialised> AccountService::initialise(std::string_view org_name, OrgKind kind, std::string_view admin_login,
                                               std::string_view admin_password, std::string_view admin_display_name,
                                               std::string_view org_code) {
    auto org_valid = validate_name(org_name, "name", "organisation name", true);
    if (!org_valid) return tl::unexpected(org_valid.error());
    if (!org_code.empty()) {
        if (auto ok = validate_org_code(org_code); !ok) return tl::unexpected(ok.error());
    }
    if (auto ok = validate_login(admin_login); !ok) return tl::unexpected(ok.error());
    if (auto ok = validate_password(admin_password); !ok) return tl::unexpected(ok.error());
    auto name = validate_name(admin_display_name, "display_name", "display name", false);
    if (!name) return tl::unexpected(name.error());
    auto hash = impl_->hash(admin_password);  // outside the transaction: hashing is slow
    if (!hash) return tl::unexpected(hash.error());

    Initialised out;
    auto done = impl_->db.in_transaction([&]() -> Status {
        auto count = impl_->db.organisations().count();
        if (!count) return tl::unexpected(count.error());
        if (*count > 0) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("the store already has {} organisation(s); init runs once, on a new store", *count),
                        "db");
        }
        std::string now = format_utc(impl_->now());
        auto org = impl_->db.organisations().create(
            {0, *org_valid, std::string(to_string(kind)), now, optional_code(org_code)});
        if (!org) return tl::unexpected(org.error());
        auto user = impl_->db.users().create(
            {0, org->id, std::string(admin_login), *name, std::string(to_string(Role::kAdmin)), *hash, false, now});
        if (!user) return tl::unexpected(user.error());
        auto organisation = to_organisation(*org);
        auto admin = to_user(*user);
        if (!organisation) return tl::unexpected(organisation.error());
        if (!admin) return tl::unexpected(admin.error());
        out = Initialised{std::move(*organisation), std::move(*admin)};
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<std::vector<User>> AccountService::list_all_users() {
    auto records = impl_->db.users().list_all();
    if (!records) return tl::unexpected(records.error());
    return to_users(*records);
}

Result<User> AccountService::find_user_by_login(std::string_view login) { return impl_->user_by_login(login); }

Status AccountService::set_password(std::string_view login, std::string_view new_password) {
    if (auto ok = validate_password(new_password); !ok) return ok;
    auto user = impl_->user_by_login(login);
    if (!user) return tl::unexpected(user.error());
    auto hash = impl_->hash(new_password);
    if (!hash) return tl::unexpected(hash.error());
    return impl_->db.in_transaction([&]() -> Status {
        if (auto ok = impl_->db.users().set_password_hash(user->id, *hash); !ok) return ok;
        auto ended = impl_->db.sessions().remove_for_user(user->id);
        if (!ended) return tl::unexpected(ended.error());
        return {};
    });
}

Status AccountService::set_user_disabled(std::string_view login, bool disabled) {
    auto user = impl_->user_by_login(login);
    if (!user) return tl::unexpected(user.error());
    return impl_->db.in_transaction([&]() -> Status {
        if (auto ok = impl_->db.users().set_disabled(user->id, disabled); !ok) return ok;
        if (disabled) {
            auto ended = impl_->db.sessions().remove_for_user(user->id);
            if (!ended) return tl::unexpected(ended.error());
        }
        return {};
    });
}

Result<NewToken> AccountService::create_token_for(std::string_view login, std::string_view token_name) {
    auto user = impl_->user_by_login(login);
    if (!user) return tl::unexpected(user.error());
    return impl_->create_token(*user, token_name);
}

Status AccountService::revoke_token_by_id(std::int64_t token_id) {
    return impl_->db.tokens().revoke(token_id, format_utc(impl_->now()));
}

// ---- authentication

Result<Session> AccountService::login(std::string_view login, std::string_view password,
                                      std::string_view remote_address) {
    const TimePoint now = impl_->now();
    const std::string now_text = format_utc(now);
    const std::string window_start = format_utc(now - impl_->options.failure_window);
    const std::string login_key(login.substr(0, kMaxKeyBytes));
    const std::string address_key(remote_address.substr(0, kMaxKeyBytes));
    auto& failures = impl_->db.login_failures();
    std::lock_guard serial(impl_->stripe_for(login_key));

    auto by_login = failures.since_for_login(login_key, window_start);
    if (!by_login) return tl::unexpected(by_login.error());
    if (auto ok = impl_->check_limit(*by_login, impl_->options.max_failures_per_login, "for this login", "login", now);
        !ok) {
        return tl::unexpected(ok.error());
    }
    auto by_address = failures.since_for_address(address_key, window_start);
    if (!by_address) return tl::unexpected(by_address.error());
    if (auto ok = impl_->check_limit(*by_address, impl_->options.max_failures_per_address, "from this address",
                                     "remote_address", now);
        !ok) {
        return tl::unexpected(ok.error());
    }

    auto record = impl_->db.users().find_by_login(login);
    if (!record) return tl::unexpected(record.error());
    bool matches = false;
    if (*record && password.size() <= kMaxPasswordBytes) {
        auto verified = verify_password((*record)->password_hash, password);
        if (!verified) return tl::unexpected(verified.error());
        matches = *verified;
    } else {
        // Same work as for a real account, so the answer time does not tell whether the login exists.
        std::call_once(impl_->dummy_once, [this] {
            auto hash = impl_->hash("yandian-placeholder-password");
            impl_->dummy_hash = hash ? *hash : std::string();
        });
        if (!impl_->dummy_hash.empty()) (void)verify_password(impl_->dummy_hash, password.substr(0, kMaxPasswordBytes));
    }
    if (!matches) {
        if (auto ok = failures.record(login_key, address_key, now_text); !ok) return tl::unexpected(ok.error());
        (void)failures.prune(window_start);
        return fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    }
    if ((*record)->disabled) {
        return fail(ErrorCode::kPermissionDenied, "this account is disabled; ask an administrator of its organisation");
    }
    auto user = to_user(**record);
    if (!user) return tl::unexpected(user.error());
    if (auto ok = failures.clear_for_login(login_key); !ok) return tl::unexpected(ok.error());

    auto secret = random_hex(kSecretBytes);
    if (!secret) return tl::unexpected(secret.error());
    const TimePoint expires = now + impl_->options.session_lifetime;
    store::SessionRecord session{sha256_hex(*secret), user->id, now_text, format_utc(expires)};
    if (auto ok = impl_->db.sessions().create(session); !ok) return tl::unexpected(ok.error());
    (void)impl_->db.sessions().remove_expired(now_text);
    return Session{std::move(*secret), session.expires_at, impl_->options.session_lifetime, principal_of(*user)};
}

Result<Principal> AccountService::authenticate_session(std::string_view secret) {
    constexpr std::string_view kUnknown = "session is unknown or has expired; log in again";
    if (secret.size() != 2 * kSecretBytes || !is_lower_hex(secret)) {
        return fail(ErrorCode::kUnauthenticated, std::string(kUnknown));
    }
    const std::string hash = sha256_hex(secret);
    auto record = impl_->db.sessions().find(hash);
    if (!record) return tl::unexpected(record.error());
    if (!*record) return fail(ErrorCode::kUnauthenticated, std::string(kUnknown));
    if ((*record)->expires_at <= format_utc(impl_->now())) {
        (void)impl_->db.sessions().remove(hash);
        return fail(ErrorCode::kUnauthenticated, std::string(kUnknown));
    }
    return impl_->principal_for_user_id((*record)->user_id, kUnknown);
}

Status AccountService::logout(std::string_view secret) {
    if (secret.size() != 2 * kSecretBytes || !is_lower_hex(secret)) return {};
    auto removed = impl_->db.sessions().remove(sha256_hex(secret));
    if (!removed) return tl::unexpected(removed.error());
    return {};
}

Result<Principal> AccountService::authenticate_token(std::string_view secret) {
    constexpr std::string_view kInvalid = "API token is not valid";
    if (!secret.starts_with(kTokenPrefix) || secret.size() != kTokenPrefix.size() + 2 * kSecretBytes ||
        !is_lower_hex(secret.substr(kTokenPrefix.size()))) {
        return fail(ErrorCode::kUnauthenticated, std::string(kInvalid));
    }
    auto record = impl_->db.tokens().find_by_secret(sha256_hex(secret));
    if (!record) return tl::unexpected(record.error());
    if (!*record) return fail(ErrorCode::kUnauthenticated, std::string(kInvalid));
    const store::TokenRecord& token = **record;
    if (token.revoked_at) return fail(ErrorCode::kUnauthenticated, "API token has been revoked");
    auto principal = impl_->principal_for_user_id(token.user_id, "the API token's user is disabled");
    if (!principal) return principal;
    principal->org_id = token.org_id;
    principal->token_id = token.id;

    // last_used_at is kept to the minute, so a stream of requests does not write on every one.
    const TimePoint now = impl_->now();
    bool stale = !token.last_used_at;
    if (!stale) {
        auto last = parse_utc(*token.last_used_at);
        stale = !last || now - *last >= kLastUsedResolution;
    }
    if (stale) {
        if (auto ok = impl_->db.tokens().mark_used(token.id, format_utc(now)); !ok) return tl::unexpected(ok.error());
    }
    return principal;
}

// ---- request actions

Result<Organisation> AccountService::get_organisation(const Principal& who, std::int64_t org_id) {
    if (org_id != who.org_id) return tl::unexpected(not_found("organisation", org_id));
    auto record = impl_->db.organisations().find(org_id);
    if (!record) return tl::unexpected(record.error());
    if (!*record) return tl::unexpected(not_found("organisation", org_id));
    return to_organisation(**record);
}

Result<User> AccountService::get_user(const Principal& who, std::int64_t user_id) {
    auto record = impl_->db.users().find(user_id);
    if (!record) return tl::unexpected(record.error());
    if (!*record || (*record)->org_id != who.org_id) return tl::unexpected(not_found("user", user_id));
    return to_user(**record);
}

Result<std::vector<User>> AccountService::list_users(const Principal& who) {
    auto records = impl_->db.users().list_by_organisation(who.org_id);
    if (!records) return tl::unexpected(records.error());
    return to_users(*records);
}

Result<User> AccountService::add_user(const Principal& who, std::string_view login, std::string_view password,
                                      Role role, std::string_view display_name) {
    if (who.role != Role::kAdmin) return fail(ErrorCode::kPermissionDenied, "only an administrator can add users");
    return create_user(who.org_id, login, password, role, display_name);
}

Result<std::vector<ApiToken>> AccountService::list_tokens(const Principal& who) {
    auto records = impl_->db.tokens().list_by_organisation(who.org_id);
    if (!records) return tl::unexpected(records.error());
    std::vector<ApiToken> tokens;
    for (const auto& r : *records) {
        // An administrator sees the organisation's tokens; other users see their own.
        if (who.role == Role::kAdmin || r.user_id == who.user_id) tokens.push_back(to_token(r));
    }
    return tokens;
}

Result<NewToken> AccountService::create_token(const Principal& who, std::string_view token_name) {
    if (who.token_id) {
        return fail(ErrorCode::kPermissionDenied, "an API token cannot create API tokens; log in with a password");
    }
    auto record = impl_->db.users().find(who.user_id);
    if (!record) return tl::unexpected(record.error());
    if (!*record || (*record)->org_id != who.org_id) return tl::unexpected(not_found("user", who.user_id));
    auto user = to_user(**record);
    if (!user) return tl::unexpected(user.error());
    return impl_->create_token(*user, token_name);
}

Status AccountService::revoke_token(const Principal& who, std::int64_t token_id) {
    auto record = impl_->db.tokens().find(token_id);
    if (!record) return tl::unexpected(record.error());
    if (!*record || (*record)->org_id != who.org_id) return tl::unexpected(not_found("token", token_id));
    if (who.role != Role::kAdmin && (*record)->user_id != who.user_id) {
        return fail(ErrorCode::kPermissionDenied, "only an administrator can revoke another user's token");
    }
    return impl_->db.tokens().revoke(token_id, format_utc(impl_->now()));
}

}  // namespace yandian::app
