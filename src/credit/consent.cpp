#include "credit/consent.hpp"

#include <array>
#include <string>

namespace yandian::credit {

namespace {
constexpr std::array<std::string_view, 4> kPurposeNames = {"credit_assessment", "loan_monitoring",
                                                           "receivables_financing", "inventory_financing"};
}  // namespace

std::string_view to_string(ConsentPurpose purpose) { return kPurposeNames.at(static_cast<std::size_t>(purpose)); }

std::span<const std::string_view> consent_purpose_names() { return kPurposeNames; }

Result<ConsentPurpose> parse_consent_purpose(std::string_view text) {
    for (std::size_t i = 0; i < kPurposeNames.size(); ++i) {
        if (text == kPurposeNames[i]) return static_cast<ConsentPurpose>(i);
    }
    std::string names;
    for (auto name : kPurposeNames) {
        if (!names.empty()) names += ", ";
        names += name;
    }
    return fail(ErrorCode::kInvalidArgument,
                "purpose '" + std::string(text) + "' is not one a consent may name; use one of " + names, "purpose");
}

bool live_on(const Consent& consent, std::int64_t at_ms) {
    if (at_ms < consent.valid_from_ms || at_ms >= consent.valid_until_ms) return false;
    return !consent.revoked_at_ms || at_ms < *consent.revoked_at_ms;
}

Status validate_new_consent(const Consent& consent) {
    if (consent.firm_org_id <= 0) return fail(ErrorCode::kInvalidArgument, "the consent names no firm", "firm");
    if (consent.lender_org_id <= 0) return fail(ErrorCode::kInvalidArgument, "the consent names no lender", "lender");
    if (consent.firm_org_id == consent.lender_org_id) {
        return fail(ErrorCode::kInvalidArgument, "a firm does not need a consent to read its own report", "lender");
    }
    if (consent.valid_until_ms <= consent.valid_from_ms) {
        return fail(ErrorCode::kInvalidArgument, "the consent must end after it starts (until > from)", "until");
    }
    if (consent.valid_until_ms - consent.valid_from_ms > kMaxConsentMs) {
        return fail(ErrorCode::kInvalidArgument, "a consent covers at most 366 days; grant a new one after that",
                    "until");
    }
    if (consent.revoked_at_ms) {
        return fail(ErrorCode::kInvalidArgument, "a new consent cannot be revoked already", "revoked_at");
    }
    return {};
}

std::optional<Consent> live_consent(std::span<const Consent> consents, std::int64_t firm_org_id,
                                    std::int64_t lender_org_id, std::int64_t at_ms) {
    std::optional<Consent> best;
    for (const Consent& c : consents) {
        if (c.firm_org_id != firm_org_id || c.lender_org_id != lender_org_id || !live_on(c, at_ms)) continue;
        if (!best || c.valid_until_ms > best->valid_until_ms) best = c;
    }
    return best;
}

}  // namespace yandian::credit
