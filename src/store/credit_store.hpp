#pragma once
// Store port of consented credit reports: consents (a firm lets one lender read its report for a purpose and period)
// and their revocations, the access log (who read which firm's report when, under which consent), and objections
// (filed by a firm about a figure, answered with a text). Every one of them is an event written once and never
// overwritten: a revocation or an answer is a row of its own that refers to the consent or objection. Times are
// ISO 8601 UTC text with milliseconds; the service validates values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct ConsentRecord {
    std::int64_t id = 0;
    std::int64_t firm_org_id = 0;
    std::int64_t lender_org_id = 0;
    std::string purpose;      // credit_assessment | loan_monitoring | receivables_financing | inventory_financing
    std::string valid_from;   // inclusive
    std::string valid_until;  // exclusive
    std::optional<std::int64_t> granted_by;  // user id; none: the operator on the machine (CLI), as for every *_by
    std::string granted_at;
    // From the revocation event, when there is one.
    std::optional<std::string> revoked_at;
    std::optional<std::int64_t> revoked_by;
};

struct ReportReadRecord {
    std::int64_t id = 0;
    std::int64_t firm_org_id = 0;    // whose report
    std::int64_t reader_org_id = 0;  // who read it (the firm itself, or a lender)
    std::optional<std::int64_t> reader_user_id;
    std::optional<std::int64_t> consent_id;  // none when the firm read its own report
    std::string read_at;
    std::string channel;  // api | cli
};

struct CreditObjectionRecord {
    std::int64_t id = 0;
    std::int64_t firm_org_id = 0;
    std::string figure;  // the key of the figure (or "reasons") objected to
    std::string text;
    std::optional<std::int64_t> filed_by;
    std::string filed_at;
    // From the answer event, when there is one.
    std::optional<std::string> answer;
    std::optional<std::int64_t> answered_by;
    std::optional<std::string> answered_at;
};

class CreditStore {
  public:
    virtual ~CreditStore() = default;

    // ---- consents
    // Inserts a consent (revoked_* ignored); kNotFound (field "firm"/"lender") when an organisation does not exist.
    virtual Result<ConsentRecord> add_consent(const ConsentRecord& consent) = 0;
    // Records the revocation event; kNotFound for an unknown consent, kFailedPrecondition when already revoked
    // (the first revocation stands, even under concurrent calls).
    virtual Result<ConsentRecord> revoke_consent(std::int64_t consent_id, std::optional<std::int64_t> by,
                                                 std::string_view at) = 0;
    virtual Result<std::optional<ConsentRecord>> find_consent(std::int64_t id) = 0;
    // By id ascending, with their revocations.
    virtual Result<std::vector<ConsentRecord>> consents_of_firm(std::int64_t firm_org_id) = 0;
    virtual Result<std::vector<ConsentRecord>> consents_for_lender(std::int64_t lender_org_id) = 0;

    // ---- access log
    virtual Result<ReportReadRecord> log_read(const ReportReadRecord& read) = 0;
    // Reads of one firm's report, by id ascending.
    virtual Result<std::vector<ReportReadRecord>> reads_of_firm(std::int64_t firm_org_id) = 0;

    // ---- objections
    virtual Result<CreditObjectionRecord> file_objection(const CreditObjectionRecord& objection) = 0;
    // Records the answer event; kNotFound for an unknown objection, kFailedPrecondition when already answered.
    virtual Result<CreditObjectionRecord> answer_objection(std::int64_t objection_id, std::string_view answer,
                                                     std::optional<std::int64_t> by, std::string_view at) = 0;
    virtual Result<std::optional<CreditObjectionRecord>> find_objection(std::int64_t id) = 0;
    // By id ascending; one firm's, or all.
    virtual Result<std::vector<CreditObjectionRecord>> objections(std::optional<std::int64_t> firm_org_id) = 0;
};

}  // namespace yandian::store
