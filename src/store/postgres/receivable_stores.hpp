#pragma once
// PostgreSQL implementation of the receivables store port (store/receivable_store.hpp).
#include "store/receivable_store.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

class PgReceivableStore final : public ReceivableStore {
  public:
    explicit PgReceivableStore(Connection& connection) : c_(connection) {}

    Result<ReceivableRecord> add_receivable(const ReceivableRecord& receivable) override;
    Result<std::optional<ReceivableRecord>> find_receivable(std::int64_t id) override;
    Result<std::vector<ReceivableRecord>> receivables_of_supplier(std::int64_t supplier_org_id) override;
    Result<std::vector<ReceivableRecord>> receivables_on_buyer(std::int64_t buyer_org_id) override;
    Result<std::vector<ReceivableRecord>> receivables_for_lender(std::int64_t lender_org_id) override;
    Result<std::vector<ReceivableRecord>> all_receivables() override;
    Result<ReceivableEventRecord> append_event(const ReceivableEventRecord& event) override;
    Result<std::vector<ReceivableEventRecord>> events_of(std::int64_t receivable_id) override;

  private:
    Result<std::vector<ReceivableRecord>> receivables_where(std::string_view where, std::int64_t value);
    Connection& c_;
};

}  // namespace yandian::store::postgres
