#pragma once
// PostgreSQL implementation of the statistics store port (store/stats_store.hpp).
#include "store/postgres/connection.hpp"
#include "store/stats_store.hpp"

namespace yandian::store::postgres {

class PgStatsStore final : public StatsStore {
  public:
    explicit PgStatsStore(Connection& connection) : c_(connection) {}

    Result<FirmRecord> create_firm(const FirmRecord& firm, std::string_view by) override;
    Result<FirmRecord> update_firm(const FirmRecord& firm, std::string_view by, std::string_view change) override;
    Result<std::optional<FirmRecord>> find_firm(std::int64_t id) override;
    Result<std::optional<FirmRecord>> find_firm_by_name(std::string_view name_zh) override;
    Result<std::optional<FirmRecord>> find_firm_by_code(std::string_view credit_code) override;
    Result<std::vector<FirmRecord>> list_firms(const FirmFilter& filter) override;
    Result<std::vector<FirmChangeRecord>> firm_history(std::int64_t firm_id) override;
    Result<std::int64_t> insert_targets(std::span<const PlanTargetRecord> targets) override;
    Result<std::vector<PlanTargetRecord>> list_targets(const std::optional<std::string>& plan) override;
    Result<std::optional<PlanTargetRecord>> find_target(std::int64_t id) override;
    Result<std::optional<PlanTargetRecord>> find_target_by_key(std::string_view key) override;
    Result<PlanActualRecord> add_actual(const PlanActualRecord& actual) override;
    Result<std::vector<PlanActualRecord>> list_actuals(std::optional<std::int64_t> target_id) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::postgres
