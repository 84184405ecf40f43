#pragma once
// SQLite implementation of the credit store port (store/credit_store.hpp).
#include "store/credit_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteCreditStore final : public CreditStore {
  public:
    explicit SqliteCreditStore(Connection& connection) : c_(connection) {}

    Result<ConsentRecord> add_consent(const ConsentRecord& consent) override;
    Result<ConsentRecord> revoke_consent(std::int64_t consent_id, std::optional<std::int64_t> by,
                                         std::string_view at) override;
    Result<std::optional<ConsentRecord>> find_consent(std::int64_t id) override;
    Result<std::vector<ConsentRecord>> consents_of_firm(std::int64_t firm_org_id) override;
    Result<std::vector<ConsentRecord>> consents_for_lender(std::int64_t lender_org_id) override;
    Result<ReportReadRecord> log_read(const ReportReadRecord& read) override;
    Result<std::vector<ReportReadRecord>> reads_of_firm(std::int64_t firm_org_id) override;
    Result<CreditObjectionRecord> file_objection(const CreditObjectionRecord& objection) override;
    Result<CreditObjectionRecord> answer_objection(std::int64_t objection_id, std::string_view answer,
                                             std::optional<std::int64_t> by, std::string_view at) override;
    Result<std::optional<CreditObjectionRecord>> find_objection(std::int64_t id) override;
    Result<std::vector<CreditObjectionRecord>> objections(std::optional<std::int64_t> firm_org_id) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::sqlite
