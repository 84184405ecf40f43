#pragma once
// SQLite implementation of the condition-monitoring store port (store/monitor_store.hpp).
#include "store/monitor_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteMonitorStore final : public MonitorStore {
  public:
    explicit SqliteMonitorStore(Connection& connection) : c_(connection) {}

    Result<AssetRecord> create_asset(const AssetRecord& asset) override;
    Result<std::optional<AssetRecord>> find_asset(std::int64_t id) override;
    Result<std::vector<AssetRecord>> list_assets(std::int64_t org_id) override;
    Result<AddedMonitorRecord> add_record(const MonitorRecordRow& record,
                                          std::span<const MonitorAlarmRow> alarms) override;
    Result<std::vector<MonitorRecordRow>> list_records(std::int64_t asset_id) override;
    Result<std::optional<MonitorRecordRow>> get_record(std::int64_t id) override;
    Result<std::optional<std::string>> record_plots(std::int64_t record_id) override;
    Result<std::vector<MonitorAlarmRow>> list_alarms(std::int64_t asset_id) override;

  private:
    Result<std::optional<MonitorRecordRow>> find_record(std::int64_t asset_id, std::string_view sha256);
    Connection& c_;
};

}  // namespace yandian::store::sqlite
