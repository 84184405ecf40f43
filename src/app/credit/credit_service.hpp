#pragma once
// Consented credit reports: a firm (manufacturer or merchant) grants one lender its report for a purpose and period,
// revocable at once; without a live consent a lender learns nothing, not even that the firm exists (the same answer
// as for an organisation that does not exist); every read is logged and the firm sees the log; the firm reads its
// own report and files objections, which the operator answers; both are kept. The report is built from the market,
// SPC and accounts services (credit/report.hpp states the methods) and names the operator — the filed enterprise
// credit agency that runs the deployment (docs/credit/legal.md). Without a configured operator nothing goes to a
// lender: consents cannot be granted and lenders read no report.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "credit/report.hpp"
#include "store/credit_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

class MarketService;
class SpcService;

struct CreditOptions {
    std::string operator_name;    // the filed enterprise credit agency; empty = not configured
    int window_months = 12;       // report period
    std::int64_t capability_values = 125;  // latest values per characteristic for Cpk
};

// Who reads a report, for the access log: a user over the API, or the operator on the machine (CLI).
struct Reader {
    std::int64_t org_id = 0;
    std::optional<std::int64_t> user_id;
    std::string channel = "api";  // api | cli
};

class CreditService {
  public:
    CreditService(store::Database& db, MarketService& market, SpcService& spc, Clock clock, CreditOptions options);

    [[nodiscard]] const CreditOptions& options() const { return options_; }
    // A consent as the API shows it, "live" judged now.
    [[nodiscard]] nlohmann::json consent_view(const store::ConsentRecord& consent) const;

    // ---- the firm (an admin of a manufacturer or merchant organisation for grants, revocations and objections)
    // `from` defaults to now; both accept 2026-06-30, 2026-06-30T12:00:00Z or 2026-06-30T12:00:00.000Z.
    Result<store::ConsentRecord> grant_consent(const Principal& who, std::int64_t lender_org_id,
                                               std::string_view purpose, std::optional<std::string_view> from,
                                               std::string_view until);
    Result<store::ConsentRecord> revoke_consent(const Principal& who, std::int64_t consent_id);
    // A firm: every consent it gave; a lender: the consents it holds that are live now. Others: kPermissionDenied.
    Result<nlohmann::json> consents(const Principal& who);
    // The reads of the caller's (a firm's) report, oldest first, with who read and under which consent.
    Result<nlohmann::json> access_log(const Principal& who);
    // The caller's own report (logged as a read by the firm itself).
    Result<nlohmann::json> own_report(const Principal& who);
    Result<store::CreditObjectionRecord> file_objection(const Principal& who, std::string_view figure,
                                                  std::string_view text);
    // A firm: its own objections; the operator's staff (association or authority organisation): all.
    Result<nlohmann::json> objections(const Principal& who);
    // The operator's staff (admin or engineer of an association or authority organisation).
    Result<store::CreditObjectionRecord> answer_objection(const Principal& who, std::int64_t objection_id,
                                                    std::string_view answer);

    // ---- the lender: the report of a firm under a live consent, logged; kNotFound otherwise (no other hint).
    Result<nlohmann::json> report_for_lender(const Principal& who, std::int64_t firm_org_id);

    // ---- the operator on the machine (CLI). Consents for a firm named by the operator, who acts for it.
    Result<store::ConsentRecord> grant_consent_as_operator(std::int64_t firm_org_id, std::int64_t lender_org_id,
                                                           std::string_view purpose,
                                                           std::optional<std::string_view> from,
                                                           std::string_view until);
    Result<store::ConsentRecord> revoke_consent_as_operator(std::int64_t firm_org_id, std::int64_t consent_id);
    Result<nlohmann::json> consents_of_firm(std::int64_t firm_org_id);
    // The report as `reader` reads it: the firm itself, or a lender under a live consent (kNotFound otherwise).
    // Logged.
    Result<credit::CreditReport> read_report(const Reader& reader, std::int64_t firm_org_id,
                                             std::optional<std::int64_t>* consent_id = nullptr);

    // The report of a firm without a check or a log entry (for read_report; not for callers that serve others).
    Result<credit::CreditReport> build_report(std::int64_t firm_org_id);

  private:
    Result<store::ConsentRecord> grant(std::int64_t firm_org_id, std::optional<std::int64_t> by,
                                       std::int64_t lender_org_id, std::string_view purpose,
                                       std::optional<std::string_view> from, std::string_view until);
    Result<store::ConsentRecord> revoke(std::int64_t firm_org_id, std::optional<std::int64_t> by,
                                        std::int64_t consent_id);
    Result<nlohmann::json> consent_list_json(const std::vector<store::ConsentRecord>& records, bool live_only);
    std::int64_t now_ms() const;
    std::string now_text() const;

    store::Database& db_;
    MarketService& market_;
    SpcService& spc_;
    Clock clock_;
    CreditOptions options_;
};

// The JSON of records, as the API answers them.
nlohmann::json consent_json(const store::ConsentRecord& c, std::int64_t now_ms);
nlohmann::json objection_json(const store::CreditObjectionRecord& o);

}  // namespace yandian::app
