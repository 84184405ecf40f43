#include "quality/entry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace yandian::quality {

namespace {

tl::unexpected<Error> bad(std::string message, std::string field) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

const std::vector<std::string_view>* known_subkinds(EntryKind kind) {
    static const std::vector<std::string_view> penalty = {"warning", "minor", "other"};
    static const std::vector<std::string_view> list = {"serious_dishonest", "abnormal_operations"};
    static const std::vector<std::string_view> complaint = {"upheld", "rejected", "open"};
    switch (kind) {
        case EntryKind::kPenalty: return &penalty;
        case EntryKind::kListEntry: return &list;
        case EntryKind::kComplaint: return &complaint;
        default: return nullptr;
    }
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

}  // namespace

std::string_view kind_name(EntryKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

Result<EntryKind> parse_kind(std::string_view text) {
    for (std::size_t i = 0; i < std::size(kKindNames); ++i) {
        if (kKindNames[i] == text) return static_cast<EntryKind>(i);
    }
    std::string list;
    for (auto n : kKindNames) list += (list.empty() ? "" : ", ") + std::string(n);
    return bad(fmt::format("kind: unknown entry kind '{}' (known: {})", text, list), "kind");
}

std::string window_class(const Entry& e) {
    if (e.kind == EntryKind::kSamplingInspection) {
        return e.outcome == "fail" && e.retest != "pass" ? "fail" : "pass";
    }
    return e.subkind;
}

Status check_entry(const Entry& e, std::span<const Entry> file) {
    if (const auto* known = known_subkinds(e.kind)) {
        if (std::find(known->begin(), known->end(), e.subkind) == known->end()) {
            return bad(fmt::format("subkind: a {} entry needs a subkind of {} (got '{}')", kind_name(e.kind),
                                   joined(*known), e.subkind),
                       "subkind");
        }
    }
    if (e.kind == EntryKind::kSamplingInspection) {
        if (e.outcome != "pass" && e.outcome != "fail") {
            return bad(fmt::format("outcome: a sampling inspection's outcome is pass or fail (got '{}')", e.outcome),
                       "outcome");
        }
        if (!e.retest.empty() && e.retest != "requested" && e.retest != "pass" && e.retest != "fail") {
            return bad(fmt::format("retest: requested, pass or fail, or nothing (got '{}')", e.retest), "retest");
        }
        if (!e.retest.empty() && e.outcome == "pass") {
            return bad("retest: only a failed sampling result can be re-tested (产品质量法 Art. 15)", "retest");
        }
        if (!e.fields.count("product") || e.fields.at("product").empty()) {
            return bad("product: a sampling inspection names the product sampled", "product");
        }
    } else if (!e.outcome.empty() || !e.retest.empty()) {
        return bad(fmt::format("outcome: only a sampling inspection has an outcome or a re-test (this is {})",
                               kind_name(e.kind)),
                   "outcome");
    }
    if (e.kind == EntryKind::kCertification) {
        if (!e.valid_until) return bad("valid_until: a certification needs its validity end date", "valid_until");
        if (e.subkind.empty()) return bad("subkind: a certification names its scheme (ISO 9001, IATF 16949, ...)",
                                          "subkind");
    }
    if (e.valid_until && *e.valid_until <= e.date) {
        return bad(fmt::format("valid_until: {} is not after the entry's date {}", format_iso_date(*e.valid_until),
                               format_iso_date(e.date)),
                   "valid_until");
    }
    if (e.kind == EntryKind::kPenalty) {
        for (const char* need : {"authority", "decision_no"}) {
            if (!e.fields.count(need) || e.fields.at(need).empty()) {
                return bad(fmt::format("{}: a penalty names its {}", need,
                                       std::string_view(need) == "authority" ? "authority" : "decision number"),
                           need);
            }
        }
    }
    const bool points = e.kind == EntryKind::kWithdrawal || e.kind == EntryKind::kRepair;
    if (points && !e.corrects) {
        return bad(fmt::format("corrects: a {} points at the entry it concerns", kind_name(e.kind)), "corrects");
    }
    if (e.corrects) {
        const auto it = std::find_if(file.begin(), file.end(), [&](const Entry& x) { return x.id == *e.corrects; });
        if (it == file.end()) {
            return bad(fmt::format("corrects: entry {} is not in this firm's file", *e.corrects), "corrects");
        }
        if (it->kind == EntryKind::kWithdrawal || it->kind == EntryKind::kRepair) {
            return bad(fmt::format("corrects: entry {} is a {}; point at the entry itself", it->id,
                                   kind_name(it->kind)),
                       "corrects");
        }
        if (!points && it->kind != e.kind) {
            return bad(fmt::format("corrects: a correction keeps the kind of entry {} ({}), not {}", it->id,
                                   kind_name(it->kind), kind_name(e.kind)),
                       "corrects");
        }
        if (e.kind == EntryKind::kRepair && !it->published_from) {
            return bad(fmt::format("corrects: entry {} is not published; there is nothing to repair", it->id),
                       "corrects");
        }
    }
    if (e.source.empty()) return bad("source: every entry names where its information comes from", "source");
    if (e.entered_by.empty()) return bad("by: every entry names who entered it", "by");
    return {};
}

std::vector<EffectiveEntry> effective_entries(std::span<const Entry> file, DayNumber as_of) {
    std::vector<const Entry*> ordered;
    for (const Entry& e : file) ordered.push_back(&e);
    std::sort(ordered.begin(), ordered.end(), [](const Entry* a, const Entry* b) { return a->id < b->id; });
    std::unordered_map<std::int64_t, std::int64_t> root;  // entry id -> original id of its chain
    std::unordered_map<std::int64_t, EffectiveEntry> chains;
    std::unordered_map<std::int64_t, bool> withdrawn;
    std::vector<std::int64_t> order;
    for (const Entry* e : ordered) {
        const bool action = e->kind == EntryKind::kWithdrawal || e->kind == EntryKind::kRepair;
        if (!e->corrects || !root.count(*e->corrects)) {
            if (action) continue;  // points at nothing known: check_entry refuses such entries
            root[e->id] = e->id;
            chains[e->id] = EffectiveEntry{*e, e->id, {e->id}, std::nullopt};
            order.push_back(e->id);
            continue;
        }
        const std::int64_t r = root[*e->corrects];
        EffectiveEntry& chain = chains[r];
        if (e->kind == EntryKind::kWithdrawal) {
            if (e->date <= as_of) withdrawn[r] = true;
        } else if (e->kind == EntryKind::kRepair) {
            if (e->date <= as_of && (!chain.repaired_on || e->date < *chain.repaired_on)) chain.repaired_on = e->date;
        } else {
            root[e->id] = r;
            chain.entry = *e;
            chain.versions.push_back(e->id);
        }
    }
    std::vector<EffectiveEntry> out;
    for (std::int64_t r : order) {
        if (withdrawn[r]) continue;
        if (chains[r].entry.date > as_of) continue;
        out.push_back(chains[r]);
    }
    std::stable_sort(out.begin(), out.end(), [](const EffectiveEntry& a, const EffectiveEntry& b) {
        return a.entry.date != b.entry.date ? a.entry.date < b.entry.date : a.original_id < b.original_id;
    });
    return out;
}

}  // namespace yandian::quality
