#pragma once
// SQLite implementation of the quality credit store port (store/quality_store.hpp).
#include "store/quality_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteQualityStore final : public QualityStore {
  public:
    explicit SqliteQualityStore(Connection& connection) : c_(connection) {}

    Result<QualityEntryRecord> append_entry(const QualityEntryRecord& entry) override;
    Result<std::optional<QualityEntryRecord>> find_entry(std::int64_t id) override;
    Result<std::vector<QualityEntryRecord>> list_entries(std::optional<std::int64_t> firm_id) override;
    Result<QualityGradeRecord> add_grade(const QualityGradeRecord& grade) override;
    Result<std::vector<QualityGradeRecord>> grade_history(std::int64_t firm_id) override;
    Result<BlacklistEventRecord> add_blacklist_event(const BlacklistEventRecord& event) override;
    Result<std::vector<BlacklistEventRecord>> blacklist_events(std::optional<std::int64_t> firm_id) override;
    Result<ObjectionRecord> file_objection(const ObjectionRecord& objection) override;
    Result<ObjectionRecord> decide_objection(const ObjectionRecord& decision) override;
    Result<std::optional<ObjectionRecord>> find_objection(std::int64_t id) override;
    Result<std::vector<ObjectionRecord>> list_objections(std::optional<std::int64_t> firm_id,
                                                         bool open_only) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::sqlite
