// Brand spellings. Seal, shield, clearance, precision, cage and spherical-design codes follow the brand suffix
// equivalence table of /work/shared/reference/bearing-domain.md section 1.3 (SKF, FAG, NSK, NTN, KOYO columns
// verified in the brands' designation guides; NACHI, TIMKEN and the KOYO/NSK cage codes are trade convention and
// are marked unverified). The NACHI seal and shield codes themselves (Z, ZZ, NKE, 2NKE, NSE, 2NSE; N, NR) are the ones
// of Table 1 of the NACHI "Deep Groove Ball Bearings" catalogue section (public copies doczz.net/doc/5124514,
// studylib.net/doc/18443581); how NACHI joins them to the number (the dash before 2NSE) and its clearance and cage
// codes were not found, so NACHI equivalents stay unverified. Tapered-roller spellings follow the catalogue rows cited
// in section 3 (SKF J2/Q, KOYO JR).
#include "catalog/equivalents.hpp"

#include <array>
#include <span>
#include <string_view>

namespace yandian::catalog {

namespace {

enum BrandCol { kSkf, kFag, kNsk, kNtn, kKoyo, kNachi, kTimken, kBrands };
constexpr std::array<std::string_view, kBrands> kBrandNames = {"SKF", "FAG", "NSK", "NTN", "KOYO", "NACHI", "TIMKEN"};
constexpr bool kBrandVerified[kBrands] = {true, true, true, true, true, false, false};

struct Spelling {
    std::string_view canonical;
    std::array<std::string_view, kBrands> code;  // "" = brand writes the GB code
    std::array<bool, kBrands> verified;
};

constexpr std::array<bool, kBrands> kAllVerified = {true, true, true, true, true, false, false};

constexpr Spelling kSeals[] = {
    {"Z", {"Z", "Z", "Z", "Z", "Z", "Z", "Z"}, kAllVerified},
    {"2Z", {"2Z", "2Z", "ZZ", "ZZ", "ZZ", "ZZ", "ZZ"}, kAllVerified},
    {"RS", {"RSH", "RSR", "DU", "LU", "RS", "NSE", "RS"}, kAllVerified},
    {"2RS", {"2RSH", "2RSR", "DDU", "LLU", "2RS", "2NSE", "2RS"}, kAllVerified},
    {"RZ", {"RZ", "BRS", "V", "LB", "RU", "NKE", "RZ"}, {true, false, true, true, true, false, false}},
    {"2RZ", {"2RZ", "2BRS", "VV", "LLB", "2RU", "2NKE", "2RZ"}, {true, false, true, true, true, false, false}},
    {"ZN", {"ZN", "ZN", "ZN", "ZN", "ZN", "ZN", "ZN"}, {true, true, false, false, false, false, false}},
    {"ZNR", {"ZNR", "ZNR", "ZNR", "ZNR", "ZNR", "ZNR", "ZNR"}, {true, true, false, false, false, false, false}},
    {"2ZN", {"2ZN", "2ZN", "ZZN", "ZZN", "ZZN", "ZZN", "ZZN"}, {true, true, false, false, false, false, false}},
    {"2ZNR", {"2ZNR", "2ZNR", "ZZNR", "ZZNR", "ZZNR", "ZZNR", "ZZNR"}, {true, true, false, false, false, false, false}},
};

constexpr Spelling kCages[] = {
    {"TN", {"TN9", "TVH", "T", "T2", "FT", "", ""}, {true, true, false, true, false, false, false}},
    {"M", {"M", "M", "M", "L1", "FY", "", ""}, {true, true, false, true, false, false, false}},
    {"J", {"J", "J", "W", "J", "YS", "", ""}, {true, true, false, true, false, false, false}},
};

// Reinforced ("E") design of spherical roller bearings per brand (section 1.3 "spherical roller design" row).
constexpr std::array<std::string_view, kBrands> kSphericalE = {"E", "E1", "EA", "EA", "RHR", "EX", "EJ"};
// Lubrication groove and holes (W33) per brand.
// SKF and FAG E designs carry the groove and holes as standard and do not mark them.
constexpr std::array<std::string_view, kBrands> kW33 = {"W33", "", "E4", "D1", "W33", "W33", "W33"};

const Spelling* find_spelling(std::span<const Spelling> table, std::string_view canonical) {
    for (const auto& s : table) {
        if (s.canonical == canonical) return &s;
    }
    return nullptr;
}

struct Builder {
    Builder(BrandCol b, const Designation& d) : brand(b), des(d) {}
    BrandCol brand;
    const Designation& des;
    bool verified = true;
    std::string design;  // written right after the basic designation
    std::string seal;
    std::string cage;
    std::string tail;  // precision, clearance, arrangement, heat, lubrication, grease

    std::string_view spell(std::span<const Spelling> table, std::string_view canonical) {
        const Spelling* s = find_spelling(table, canonical);
        if (s == nullptr) {
            verified = false;
            return canonical;
        }
        verified = verified && s->verified[brand];
        return s->code[brand].empty() ? canonical : s->code[brand];
    }
};

}  // namespace

std::vector<Equivalent> equivalents(const Designation& des) {
    std::vector<Equivalent> out;
    out.push_back({"GB", canonical(des), true});
    const std::string basic = basic_designation(des);
    const bool tapered = des.type == BearingType::kTaperedRoller;
    const bool spherical = des.type == BearingType::kSphericalRoller;
    const bool cylindrical = des.type == BearingType::kCylindricalRoller;
    for (int bi = 0; bi < kBrands; ++bi) {
        const auto brand = static_cast<BrandCol>(bi);
        Builder b(brand, des);
        b.verified = kBrandVerified[bi];
        std::string lead;  // prefix before the basic designation (NSK HR, NTN 4T-)
        // tapered roller bearings: each brand's standard ISO design
        if (tapered) {
            switch (brand) {
                case kSkf:
                    b.design = "J2/Q";
                    break;
                case kKoyo:
                    b.design = "JR";
                    break;
                case kNsk:
                    b.design = "J";
                    lead = "HR";
                    b.verified = false;
                    break;
                case kNtn:
                    lead = "4T-";
                    b.verified = false;
                    break;
                case kFag:
                    b.design = "A";
                    b.verified = false;
                    break;
                default:
                    break;
            }
        }
        for (uint8_t i = 0; i < des.part_count; ++i) {
            const Part& p = des.parts[i];
            if (p.canonical.empty()) continue;
            switch (p.kind) {
                case PartKind::kContactAngle:
                    if (p.canonical == "B" && brand == kSkf) {
                        b.design += "BE";
                    } else if (p.canonical == "AC" && brand == kNsk) {
                        b.design += "A5";
                    } else {
                        b.design += p.canonical;
                    }
                    break;
                case PartKind::kInternalDesign:
                    if (spherical && p.canonical == "E") {
                        b.design += kSphericalE[bi];
                    } else if (cylindrical && p.canonical == "E" && brand == kSkf) {
                        b.design += des.find(PartKind::kCage) == nullptr ? "ECP" : "EC";
                    } else if (cylindrical && p.canonical == "E" && brand == kKoyo) {
                        b.design += "R";
                    } else if (spherical && p.canonical == "CA" && brand == kNsk) {
                        b.design += "CAM";
                    } else {
                        b.design += p.canonical;
                        if (spherical) b.verified = b.verified && (brand == kSkf);
                    }
                    break;
                case PartKind::kTaperedBore:
                    b.design += p.canonical;
                    break;
                case PartKind::kOuterShape:
                case PartKind::kOther:
                    b.design += p.canonical;
                    break;
                case PartKind::kSeal:
                    b.seal += b.spell(kSeals, p.canonical);
                    break;
                case PartKind::kCage:
                    if (brand == kSkf && (b.design.ends_with("EC") || b.design.ends_with("BE"))) {
                        b.design += p.canonical == "TN" ? "P" : p.canonical;
                    } else {
                        b.cage += b.spell(kCages, p.canonical);
                    }
                    break;
                case PartKind::kLubrication:
                    if (p.canonical == "W33") {
                        const bool standard = brand == kSkf && spherical &&
                                              des.find(PartKind::kInternalDesign) != nullptr &&
                                              des.find(PartKind::kInternalDesign)->canonical == "E";
                        if (!kW33[bi].empty() && !standard) b.tail += kW33[bi];
                        if (brand == kFag) b.verified = false;
                    } else {
                        b.tail += p.canonical;
                        b.verified = false;
                    }
                    break;
                case PartKind::kPrecision:
                case PartKind::kClearance:
                case PartKind::kArrangement:
                case PartKind::kHeatStabilisation:
                case PartKind::kGrease:
                case PartKind::kVibration:
                    b.tail += p.canonical;
                    break;
                case PartKind::kSpecial:  // brand-numbered variants exist only in that brand's range
                    if (brand == kSkf) {
                        b.tail += p.canonical;
                    } else {
                        b.verified = false;
                    }
                    break;
                case PartKind::kPrefix:
                case PartKind::kAccessory:
                    break;
            }
        }
        std::string s = lead;
        if (brand == kSkf) {
            // SKF: "NU 210 ECP", "22210 EK/C3", "6205-2RSH/C3", "32210 J2/Q"
            std::string basic_sp = basic;
            if (!des.type_prefix.empty() && des.notation != Notation::kInch) {
                basic_sp = std::string(des.type_prefix) + " " + basic.substr(des.type_prefix.size());
            }
            s += basic_sp;
            std::string d = b.design + b.cage;
            if (!d.empty()) s += " " + d;
            if (!b.seal.empty()) s += "-" + b.seal;
            if (!b.tail.empty()) s += "/" + b.tail;
        } else if (brand == kFag) {
            // FAG: "6205-2RSR-C3", "22210-E1-K-C3", "NU210-E-TVH-C3"
            s += basic;
            auto dash = [&](std::string_view v) {
                if (!v.empty()) {
                    s += "-";
                    s += v;
                }
            };
            if (spherical && b.design.starts_with("E1")) {
                dash("E1");
                for (char c : b.design.substr(2)) dash(std::string(1, c));
            } else {
                dash(b.design);
            }
            dash(b.cage);
            dash(b.seal);
            // clearance and precision each behind a dash
            for (uint8_t i = 0; i < des.part_count; ++i) {
                const Part& p = des.parts[i];
                if (p.canonical.empty()) continue;
                if (p.kind == PartKind::kPrecision || p.kind == PartKind::kClearance ||
                    p.kind == PartKind::kArrangement || p.kind == PartKind::kHeatStabilisation ||
                    p.kind == PartKind::kGrease || p.kind == PartKind::kVibration) {
                    dash(p.canonical);
                }
            }
        } else {
            // Japanese makers and TIMKEN: codes run together ("6205DDUC3", "22210EAKE4C3"); KOYO and NACHI put
            // a dash before the two-seal codes ("6205-2RS", "6205-2NSE").
            s += basic;
            s += b.design;
            if (!b.seal.empty() && (brand == kKoyo || brand == kNachi || brand == kTimken) && b.seal[0] == '2') {
                s += "-";
            }
            s += b.seal;
            s += b.cage;
            s += b.tail;
        }
        if (!des.accessory_view().empty()) {
            s += " + ";
            s += des.accessory_view();
        }
        out.push_back({std::string(kBrandNames[bi]), std::move(s), b.verified});
    }
    if (auto old = to_old_code(des)) out.push_back({"GB-old", *old, true});
    return out;
}

}  // namespace yandian::catalog
