#pragma once
// PostgreSQL implementation of the SPC store port (store/spc_store.hpp), behaving as the SQLite one does: same
// records, orderings and error codes (a violated constraint is kAlreadyExists or kFailedPrecondition without a field,
// as SQLite reports it).
#include "store/postgres/connection.hpp"
#include "store/spc_store.hpp"

namespace yandian::store::postgres {

class PgSpcStore final : public SpcStore {
  public:
    explicit PgSpcStore(Connection& connection) : c_(connection) {}

    Result<PlantRecord> create_plant(const PlantRecord& record) override;
    Result<std::vector<PlantRecord>> list_plants(std::int64_t org_id) override;
    Result<std::optional<PlantRecord>> find_plant(std::int64_t id) override;
    Result<LineRecord> create_line(const LineRecord& record) override;
    Result<std::optional<LineRecord>> find_line(std::int64_t id) override;
    Result<std::optional<LineRecord>> find_line_by_code(std::int64_t org_id, std::string_view code) override;
    Result<std::vector<LineRecord>> list_lines(std::int64_t org_id) override;
    Result<CharacteristicRecord> create_characteristic(const CharacteristicRecord& record) override;
    Result<std::optional<CharacteristicRecord>> find_characteristic(std::int64_t id) override;
    Result<std::optional<CharacteristicRecord>> find_characteristic_by_code(std::int64_t line_id,
                                                                            std::string_view code) override;
    Result<std::vector<CharacteristicRecord>> list_characteristics(std::int64_t org_id) override;
    Status set_limits(std::int64_t characteristic_id, std::optional<double> center, std::optional<double> sigma,
                      std::string_view source, std::string_view reason, std::string_view at) override;
    Result<std::optional<BatchRecord>> find_batch(std::int64_t characteristic_id,
                                                  std::string_view idempotency_key) override;
    // One statement: the batch and all its values (as arrays unnested into rows), so it is all-or-nothing even
    // outside a transaction and costs one round trip however many values arrive.
    Result<std::int64_t> append_batch(const BatchRecord& batch,
                                      std::span<const MeasurementRecord> measurements) override;
    Result<std::int64_t> count_measurements(std::int64_t characteristic_id) override;
    Result<std::vector<MeasurementRecord>> measurements(std::int64_t characteristic_id, std::int64_t from_seq,
                                                        std::int64_t to_seq) override;
    Status set_excluded(std::int64_t characteristic_id, std::int64_t seq,
                        std::optional<std::string_view> reason) override;
    Result<EventRecord> add_event(const EventRecord& record) override;
    Result<std::optional<EventRecord>> find_event(std::int64_t id) override;
    Result<std::vector<EventRecord>> list_events(std::int64_t org_id, std::optional<std::int64_t> characteristic_id,
                                                 std::optional<std::string_view> kind, std::int64_t after_id,
                                                 std::int64_t limit) override;
    Result<GrantRecord> create_grant(const GrantRecord& record) override;
    Result<std::optional<GrantRecord>> find_grant(std::int64_t id) override;
    Result<std::vector<GrantRecord>> list_grants_by_grantor(std::int64_t org_id) override;
    Result<std::vector<GrantRecord>> list_grants_for_grantee(std::int64_t grantee_org_id) override;
    Status revoke_grant(std::int64_t id, std::string_view at) override;
    Status log_grant_access(std::int64_t grant_id, std::int64_t user_id, std::string_view at,
                            std::string_view what) override;
    Result<std::int64_t> count_grant_access(std::int64_t grant_id) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::postgres
