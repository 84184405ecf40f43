#pragma once
// Store port of the statistical returns: reporting periods opened by the industry office (with a deadline), firms'
// returns per period with every revision kept (never overwritten: each filing is a new revision with its figures,
// who filed it, when, through which channel and why; the latest revision is the current return), and the office's
// queries of figures (a note on a firm's return).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct ReportPeriodRecord {
    std::int64_t id = 0;
    std::string period;     // "2026-10" | "2026", unique
    std::string frequency;  // monthly | annual
    std::string deadline;   // YYYY-MM-DD: returns are due by the end of that day (UTC)
    std::string opened_by;
    std::string opened_at;  // ISO 8601 UTC
};

struct ReturnLineRecord {
    std::string indicator;
    double value = 0;
    std::string unit;
    std::string reason;  // why a figure changes beyond the indicator's threshold
};

struct ReturnRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string period;
    int revision = 0;     // 1 for the first filing; set by the store
    std::string channel;  // online | csv | xlsx
    std::string reason;   // why a revision was filed (empty for the first filing)
    std::string filed_by;
    std::string filed_at;  // ISO 8601 UTC
    std::vector<ReturnLineRecord> lines;  // in the order filed
};

struct ReturnFilter {
    std::optional<std::string> period;
    std::optional<std::int64_t> firm_id;
    bool every_revision = false;  // false: the current (latest) revision of each firm and period only
};

struct ReturnQueryRecord {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    std::string period;
    std::string indicator;
    std::string note;
    std::string asked_by;
    std::string asked_at;
};

class ReturnStore {
  public:
    virtual ~ReturnStore() = default;

    // kAlreadyExists when the period is open already.
    virtual Result<ReportPeriodRecord> open_period(const ReportPeriodRecord& period) = 0;
    // By period ascending.
    virtual Result<std::vector<ReportPeriodRecord>> list_periods() = 0;
    virtual Result<std::optional<ReportPeriodRecord>> find_period(std::string_view period) = 0;

    // Files a return as the next revision of the firm's return for the period (1 when none is stored), with its
    // lines, in one transaction. kNotFound names an unknown firm or a period that is not open.
    virtual Result<ReturnRecord> add_return(const ReturnRecord& filed) = 0;
    // Ordered by period, firm id, revision.
    virtual Result<std::vector<ReturnRecord>> list_returns(const ReturnFilter& filter) = 0;

    // kNotFound names an unknown firm or period.
    virtual Result<ReturnQueryRecord> add_query(const ReturnQueryRecord& query) = 0;
    // By id ascending; one firm's and/or one period's, or all.
    virtual Result<std::vector<ReturnQueryRecord>> list_queries(std::optional<std::int64_t> firm_id,
                                                                const std::optional<std::string>& period) = 0;
};

}  // namespace yandian::store
