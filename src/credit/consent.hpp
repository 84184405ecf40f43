#pragma once
// A firm's consent to show its credit report to one lender, for one purpose, for a stated period.
//
// The rules (docs/credit/legal.md): the report of a firm goes to another party only under a separate consent naming
// that party and the purpose (PIPL Art. 23; Regulation on the Administration of the Credit Reporting Industry Arts.
// 18 and 20: agreed purpose only); the firm may revoke it at once. A consent is live at an instant when the instant
// lies in [valid_from, valid_until) and the consent was not revoked at or before it. Instants are milliseconds since
// 1970-01-01 UTC, handed in by the caller: this file reads no clock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::credit {

// What a lender may use the report for. Nothing else is accepted: the purpose is part of what the firm consents to.
enum class ConsentPurpose { kCreditAssessment, kLoanMonitoring, kReceivablesFinancing, kInventoryFinancing };

std::string_view to_string(ConsentPurpose purpose);  // "credit_assessment", "loan_monitoring", ...
// kInvalidArgument (field "purpose") listing the accepted names otherwise.
Result<ConsentPurpose> parse_consent_purpose(std::string_view text);
// The accepted names, in the order of the enum.
std::span<const std::string_view> consent_purpose_names();

struct Consent {
    std::int64_t id = 0;
    std::int64_t firm_org_id = 0;
    std::int64_t lender_org_id = 0;
    ConsentPurpose purpose = ConsentPurpose::kCreditAssessment;
    std::int64_t valid_from_ms = 0;
    std::int64_t valid_until_ms = 0;  // exclusive
    std::optional<std::int64_t> revoked_at_ms;
};

// Longest period one consent may cover: a lender asks again after a year (the firm decides again).
inline constexpr std::int64_t kMaxConsentMs = 366LL * 24 * 3600 * 1000;

// Whether the lender may read the firm's report at `at_ms` under this consent.
[[nodiscard]] bool live_on(const Consent& consent, std::int64_t at_ms);

// A new consent's fields: firm and lender differ and are set, valid_from < valid_until, the period at most
// kMaxConsentMs, not revoked. kInvalidArgument naming the field otherwise.
[[nodiscard]] Status validate_new_consent(const Consent& consent);

// The first consent of `consents` between this firm and lender that is live at `at_ms` (the one with the latest
// valid_until when several are), or nullopt.
[[nodiscard]] std::optional<Consent> live_consent(std::span<const Consent> consents, std::int64_t firm_org_id,
                                                  std::int64_t lender_org_id, std::int64_t at_ms);

}  // namespace yandian::credit
