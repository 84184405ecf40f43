#pragma once
// Statistical returns for the industry office and the firms: the office opens reporting periods with a deadline,
// sees who has not reported, reads every return and queries a figure; a firm files and revises its own return (online,
// CSV or workbook) and reads its own history, never another firm's. Every filing is validated by the stats core
// (stats/returns.hpp) against the bundled indicator definitions and the firm's earlier figures, and kept as a
// revision (never overwritten).
//
// Who must report: every firm of the enterprise library with a unified social credit code (the code is how a return
// names its firm). A firm acts through the platform organisation its library record is linked to.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "app/stats/returns_files.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "stats/indicators.hpp"
#include "store/returns_store.hpp"
#include "store/stats_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

// What became of one return of a file (or of an online filing).
struct FilingOutcome {
    std::string firm_code;
    std::string period;
    std::string place;  // where the return starts in its file
    std::optional<store::ReturnRecord> filed;  // set when it was accepted
    std::vector<FileIssue> issues;             // why it was refused, each naming the cell or line and the figure
};

struct LateFirm {
    store::FirmRecord firm;
    std::optional<std::string> filed_at;  // a filing after the deadline
};

struct LateReport {
    store::ReportPeriodRecord period;
    std::string as_of;   // ISO 8601 UTC: the end of the deadline's day, or the time asked
    int expected = 0;    // firms that must report
    int on_time = 0;
    std::vector<LateFirm> late;
};

// The tables `stats export` writes.
inline constexpr const char* kExportTables[] = {"returns", "revisions", "periods", "firms", "queries"};

struct TableData {
    std::vector<std::string> header;
    std::vector<std::vector<ingest::workbook::OutCell>> rows;
};

class ReturnsService {
  public:
    ReturnsService(store::Database& db, Clock clock);

    // ---- the operator on the machine (CLI): acts for the office, and files for any firm of the library
    // Opens a period ("2026-10" or "2026") due by the end of `deadline` (YYYY-MM-DD, not before the period ends).
    Result<store::ReportPeriodRecord> open_period(const std::string& period, const std::string& deadline,
                                                  const std::string& by);
    Result<std::vector<store::ReportPeriodRecord>> list_periods();
    // Files the returns read from a file (a workbook when the bytes are a zip archive, else CSV). Each return is
    // validated and filed on its own: a bad one is refused with its issues, the others are filed. `reason` is
    // required for a revision (a firm that has filed for the period already). `only_firm`: every return must be this
    // firm's (a firm uploading its own file).
    Result<std::vector<FilingOutcome>> import_file(std::string_view bytes, const std::string& channel,
                                                   const std::string& reason, const std::string& by,
                                                   std::optional<std::int64_t> only_firm = std::nullopt);
    // The template workbook of a firm (by credit code) and period.
    Result<std::vector<ingest::workbook::OutSheet>> template_for(const std::string& period,
                                                                 const std::string& firm_code);
    // Firms that had not filed for the period by the end of its deadline (or by `as_of`, ISO date or time).
    Result<LateReport> late(const std::string& period, const std::optional<std::string>& as_of);
    Result<std::vector<store::ReturnRecord>> returns(const store::ReturnFilter& filter);
    Result<store::ReturnQueryRecord> query(std::int64_t firm_id, const std::string& period,
                                           const std::string& indicator, const std::string& note,
                                           const std::string& by);
    // One of kExportTables, as rows.
    Result<TableData> table(const std::string& name);

    // ---- as a platform user sees them (the HTTP routes)
    // The office (organisation kinds authority, association) opens periods, reads every return, queries figures and
    // sees who is late; others get kPermissionDenied for those. A firm files only its own return (kPermissionDenied
    // when its organisation is linked to no firm of the library) and reads only its own (another firm's answers as a
    // firm that does not exist: kNotFound).
    Result<store::ReportPeriodRecord> open_period(const Principal& who, const std::string& period,
                                                  const std::string& deadline);
    Result<FilingOutcome> file_online(const Principal& who, const std::string& period,
                                      const std::vector<stats::ReturnLine>& lines, const std::string& reason);
    Result<std::vector<FilingOutcome>> upload(const Principal& who, std::string_view bytes, const std::string& reason);
    Result<std::vector<store::ReturnRecord>> returns(const Principal& who, const store::ReturnFilter& filter);
    Result<store::ReturnQueryRecord> query(const Principal& who, std::int64_t firm_id, const std::string& period,
                                           const std::string& indicator, const std::string& note);
    Result<std::vector<store::ReturnQueryRecord>> queries(const Principal& who, std::optional<std::int64_t> firm_id);
    Result<LateReport> late(const Principal& who, const std::string& period, const std::optional<std::string>& as_of);

    [[nodiscard]] const stats::IndicatorSet& indicators() const { return indicators_; }

  private:
    FilingOutcome file(const FiledReturn& r, const std::string& channel, const std::string& reason,
                       const std::string& by, std::optional<std::int64_t> only_firm);
    Result<bool> is_office(const Principal& who);
    Result<std::optional<store::FirmRecord>> firm_of(const Principal& who);

    store::Database& db_;
    Clock clock_;
    stats::IndicatorSet indicators_;
    std::optional<Error> indicators_error_;
};

nlohmann::json to_json(const store::ReportPeriodRecord& p);
nlohmann::json to_json(const store::ReturnRecord& r);
nlohmann::json to_json(const FilingOutcome& o);
nlohmann::json to_json(const LateReport& r);
nlohmann::json to_json(const store::ReturnQueryRecord& q);
nlohmann::json to_json(const stats::IndicatorSet& set);

// The text of a table as CSV (header first).
std::string to_csv(const TableData& table);

}  // namespace yandian::app
