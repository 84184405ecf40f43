#pragma once
// PostgreSQL implementations of the accounts store ports (store/account_store.hpp).
#include "store/account_store.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

class PgOrganisationStore final : public OrganisationStore {
  public:
    explicit PgOrganisationStore(Connection& connection) : c_(connection) {}
    Result<OrganisationRecord> create(const OrganisationRecord& record) override;
    Result<std::optional<OrganisationRecord>> find(std::int64_t id) override;
    Result<std::optional<OrganisationRecord>> find_by_code(std::string_view code) override;
    Result<std::vector<OrganisationRecord>> list() override;
    Result<std::int64_t> count() override;

  private:
    Connection& c_;
};

class PgUserStore final : public UserStore {
  public:
    explicit PgUserStore(Connection& connection) : c_(connection) {}
    Result<UserRecord> create(const UserRecord& record) override;
    Result<std::optional<UserRecord>> find(std::int64_t id) override;
    Result<std::optional<UserRecord>> find_by_login(std::string_view login) override;
    Result<std::vector<UserRecord>> list_by_organisation(std::int64_t org_id) override;
    Result<std::vector<UserRecord>> list_all() override;
    Status set_password_hash(std::int64_t user_id, std::string_view password_hash) override;
    Status set_disabled(std::int64_t user_id, bool disabled) override;

  private:
    Connection& c_;
};

class PgTokenStore final : public TokenStore {
  public:
    explicit PgTokenStore(Connection& connection) : c_(connection) {}
    Result<TokenRecord> create(const TokenRecord& record) override;
    Result<std::optional<TokenRecord>> find(std::int64_t id) override;
    Result<std::optional<TokenRecord>> find_by_secret(std::string_view secret_sha256) override;
    Result<std::vector<TokenRecord>> list_by_organisation(std::int64_t org_id) override;
    Status revoke(std::int64_t id, std::string_view at) override;
    Status mark_used(std::int64_t id, std::string_view at) override;

  private:
    Connection& c_;
};

class PgSessionStore final : public SessionStore {
  public:
    explicit PgSessionStore(Connection& connection) : c_(connection) {}
    Status create(const SessionRecord& record) override;
    Result<std::optional<SessionRecord>> find(std::string_view secret_sha256) override;
    Result<bool> remove(std::string_view secret_sha256) override;
    Result<std::int64_t> remove_for_user(std::int64_t user_id) override;
    Result<std::int64_t> remove_expired(std::string_view now) override;

  private:
    Connection& c_;
};

class PgLoginFailureStore final : public LoginFailureStore {
  public:
    explicit PgLoginFailureStore(Connection& connection) : c_(connection) {}
    Status record(std::string_view login, std::string_view remote_address, std::string_view at) override;
    Result<std::vector<std::string>> since_for_login(std::string_view login, std::string_view since) override;
    Result<std::vector<std::string>> since_for_address(std::string_view remote_address,
                                                       std::string_view since) override;
    Status clear_for_login(std::string_view login) override;
    Result<std::int64_t> prune(std::string_view before) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::postgres
