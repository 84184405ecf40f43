#pragma once
// SQLite implementation of the statistical returns store port (store/returns_store.hpp).
#include "store/returns_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteReturnStore final : public ReturnStore {
  public:
    explicit SqliteReturnStore(Connection& connection) : c_(connection) {}

    Result<ReportPeriodRecord> open_period(const ReportPeriodRecord& period) override;
    Result<std::vector<ReportPeriodRecord>> list_periods() override;
    Result<std::optional<ReportPeriodRecord>> find_period(std::string_view period) override;
    Result<ReturnRecord> add_return(const ReturnRecord& filed) override;
    Result<std::vector<ReturnRecord>> list_returns(const ReturnFilter& filter) override;
    Result<ReturnQueryRecord> add_query(const ReturnQueryRecord& query) override;
    Result<std::vector<ReturnQueryRecord>> list_queries(std::optional<std::int64_t> firm_id,
                                                        const std::optional<std::string>& period) override;

  private:
    Status check_firm_and_period(std::int64_t firm_id, const std::string& period);
    Connection& c_;
};

}  // namespace yandian::store::sqlite
