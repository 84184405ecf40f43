#pragma once
// The demo's quality credit files (`yandian demo`): the market supervision office with a login that keeps the files,
// the demo manufacturer as a firm of the enterprise library with a file a firm can object to, two more firms (one on
// the blacklist) so the public list and the blacklist are not empty. Entries are dated back from today.
#include <cstdint>
#include <string>

#include "app/accounts.hpp"
#include "app/quality/quality_service.hpp"
#include "common/result.hpp"

namespace yandian::app {

inline constexpr std::string_view kQualityOfficeLogin = "office";
inline constexpr std::string_view kQualityOfficePassword = "office-demo";

struct QualityDemoSummary {
    std::int64_t office_org_id = 0;
    std::int64_t demo_firm_id = 0;
    int entries_added = 0;
    std::string banner;
};

// Idempotent: does nothing when the office login exists. `demo_org_id` is the demo manufacturer's organisation,
// linked to its firm so the demo login reads the firm's own file.
Result<QualityDemoSummary> seed_quality_demo(store::Database& db, AccountService& accounts, QualityService& quality,
                                             std::int64_t demo_org_id);

}  // namespace yandian::app
