// Market service: construction, and the organisation checks shared by import, review and the statistics.
#include "app/market_service.hpp"

#include <fmt/format.h>

#include <memory>

#include "app/market_data.hpp"
#include "store/database.hpp"

namespace yandian::app {

MarketService::MarketService(store::Database& db, Clock clock, MarketOptions options)
    : db_(db), clock_(std::move(clock)), options_(options), cache_(std::make_shared<Cache>()) {}

Result<OrgKind> organisation_kind(store::Database& db, std::int64_t org_id) {
    auto org = db.organisations().find(org_id);
    if (!org) return tl::unexpected(org.error());
    if (!*org) return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", org_id), "org_id");
    return parse_org_kind((*org)->kind);
}

Status require_shop_organisation(store::Database& db, std::int64_t org_id, std::string_view field) {
    auto kind = organisation_kind(db, org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("organisation {} is not a shop (merchant organisation)", org_id), std::string(field));
    }
    return {};
}

Status MarketService::require_member(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    if (*kind != OrgKind::kMerchant) {
        return fail(ErrorCode::kPermissionDenied,
                    "only a shop (merchant organisation) has transactions of its own; other parties see aggregates",
                    "org");
    }
    return {};
}

}  // namespace yandian::app
