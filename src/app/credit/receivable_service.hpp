#pragma once
// Receivables financing (docs/credit/receivables.md): a supplier registers a receivable on a buyer; the buyer confirms
// or disputes it; the supplier asks one lender to finance a confirmed receivable; that lender sees the receivable and,
// only under a live consent of the supplier, its credit report (CreditService: the read is logged), and approves
// (amount, rate, tenor) or declines with a reason; the lender records repayment or that it is overdue. The rules are
// the core's (credit/receivable.hpp); the once-only rules are also held by the database (store/receivable_store.hpp),
// so that requests at the same moment cannot both pass: the loser gets kAlreadyExists naming the invoice.
//
// Every organisation that is not a party (supplier, buyer, a lender a request went to) gets kNotFound for the
// receivable, the same answer as for one that does not exist. Every event is dated today by the platform's clock.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "credit/receivable.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

class CreditService;

// Who acts: an organisation, through one of its users over the API or the operator on the machine (CLI).
struct ReceivableActor {
    std::int64_t org_id = 0;
    std::optional<std::int64_t> user_id;
    std::string channel = "api";  // api | cli
};

struct NewReceivable {
    std::int64_t buyer_org_id = 0;
    std::string invoice_number;
    std::string amount;  // yuan, e.g. "123456.00"
    std::string currency = "CNY";
    std::string issue_date;  // YYYY-MM-DD
    std::string due_date;    // YYYY-MM-DD
    std::optional<std::string> registration_number;
};

struct Approval {
    std::string amount;  // yuan financed, at most the receivable's amount
    int rate_bp = 0;     // annual rate in basis points (385 = 3.85 %)
    int tenor_days = 0;
};

class ReceivableService {
  public:
    ReceivableService(store::Database& db, CreditService& credit, Clock clock);

    // The supplier (a manufacturer or merchant) registers; kAlreadyExists naming the invoice when the buyer already
    // has it (same number and amount).
    Result<nlohmann::json> register_receivable(const ReceivableActor& who, const NewReceivable& in);
    // The caller's receivables in three lists: "as_supplier", "as_buyer", "as_lender" (requests addressed to it).
    Result<nlohmann::json> list(const ReceivableActor& who);
    // One receivable with its events, to a party; kNotFound otherwise.
    Result<nlohmann::json> get(const ReceivableActor& who, std::int64_t id);

    Result<nlohmann::json> confirm(const ReceivableActor& who, std::int64_t id);
    Result<nlohmann::json> dispute(const ReceivableActor& who, std::int64_t id, std::string_view reason);
    Result<nlohmann::json> request_financing(const ReceivableActor& who, std::int64_t id, std::int64_t lender_org_id);
    Result<nlohmann::json> approve(const ReceivableActor& who, std::int64_t id, const Approval& approval);
    Result<nlohmann::json> decline(const ReceivableActor& who, std::int64_t id, std::string_view reason);
    Result<nlohmann::json> repay(const ReceivableActor& who, std::int64_t id, std::string_view amount);
    Result<nlohmann::json> record_overdue(const ReceivableActor& who, std::int64_t id);

    // The supplier's credit report for a lender a request of this receivable went to, under a live consent of the
    // supplier (logged as a read); kNotFound otherwise, as for any report without consent.
    Result<nlohmann::json> supplier_report(const ReceivableActor& who, std::int64_t id);

  private:
    struct Loaded;  // a receivable, its events and its state today (receivable_service.cpp)
    Result<Loaded> load_for(const ReceivableActor& who, std::int64_t id);
    // Checks `draft` (kind, amounts; actor and date filled here) against the state today and appends it.
    Result<nlohmann::json> act(const ReceivableActor& who, std::int64_t id, credit::ReceivableEvent draft);
    [[nodiscard]] DayNumber today() const;

    store::Database& db_;
    CreditService& credit_;
    Clock clock_;
};

}  // namespace yandian::app
