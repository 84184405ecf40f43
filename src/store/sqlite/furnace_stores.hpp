#pragma once
// SQLite implementation of the furnace store port (store/furnace_store.hpp).
#include "store/furnace_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteFurnaceStore final : public FurnaceStore {
  public:
    explicit SqliteFurnaceStore(Connection& connection) : c_(connection) {}

    Result<FurnaceRecord> create_furnace(const FurnaceRecord& furnace) override;
    Result<std::optional<FurnaceRecord>> find_furnace(std::int64_t id) override;
    Result<std::vector<FurnaceRecord>> list_furnaces(std::int64_t org_id) override;
    Result<FurnaceZoneRecord> add_zone(const FurnaceZoneRecord& zone) override;
    Result<std::vector<FurnaceZoneRecord>> list_zones(std::int64_t furnace_id) override;
    Result<FurnaceRecipeRecord> add_recipe(const FurnaceRecipeRecord& recipe) override;
    Result<std::vector<FurnaceRecipeRecord>> list_recipes(std::int64_t furnace_id) override;
    Result<FurnaceLoadRecord> start_load(const FurnaceLoadRecord& load) override;
    Result<std::optional<FurnaceLoadRecord>> find_load(std::int64_t id) override;
    Result<std::vector<FurnaceLoadRecord>> list_loads(std::int64_t furnace_id) override;
    Status end_load(std::int64_t id, std::string_view at) override;
    Result<TusRecord> add_tus(const TusRecord& record) override;
    Result<std::vector<TusRecord>> list_tus(std::int64_t furnace_id) override;
    Result<SatRecord> add_sat(const SatRecord& record) override;
    Result<std::vector<SatRecord>> list_sat(std::int64_t furnace_id) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::sqlite
