// Old Chinese GB 272-88 designations in both directions.
// Rules and examples: zhoucheng86.com/show.php?id=11933 (digit positions), the GB/T 272-93 old/new type table
// (blog.sina.cn/dpool/blog/s/blog_a36851ed0102v599.html) and the GPZ GOST->ISO analogue list, as gathered in
// /work/shared/reference/bearing-domain.md section 1.4. Only mappings seen in those sources are encoded; any other
// design digit is reported as not known rather than guessed.
#include "catalog/old_code.hpp"

#include <cstdio>
#include <string>

#include "catalog/designation_tables.hpp"

namespace yandian::catalog::detail {

namespace {

using BT = BearingType;
using PK = PartKind;

struct OldSeries {
    char type;
    char width;
    char ds;
    BT bearing_type;
    std::string_view series;
    std::string_view dim_series;
};

constexpr OldSeries kOldSeries[] = {
    {'0', '0', '1', BT::kDeepGrooveBall, "60", "10"},     {'0', '0', '2', BT::kDeepGrooveBall, "62", "02"},
    {'0', '0', '3', BT::kDeepGrooveBall, "63", "03"},     {'0', '0', '4', BT::kDeepGrooveBall, "64", "04"},
    {'0', '7', '1', BT::kDeepGrooveBall, "160", "00"},    {'0', '1', '8', BT::kDeepGrooveBall, "618", "18"},
    {'0', '1', '9', BT::kDeepGrooveBall, "619", "19"},    {'1', '0', '2', BT::kSelfAligningBall, "12", "02"},
    {'1', '0', '3', BT::kSelfAligningBall, "13", "03"},   {'1', '0', '5', BT::kSelfAligningBall, "22", "22"},
    {'1', '0', '6', BT::kSelfAligningBall, "23", "23"},   {'2', '0', '2', BT::kCylindricalRoller, "2", "02"},
    {'2', '0', '3', BT::kCylindricalRoller, "3", "03"},   {'2', '0', '4', BT::kCylindricalRoller, "4", "04"},
    {'2', '0', '5', BT::kCylindricalRoller, "22", "22"},  {'2', '0', '6', BT::kCylindricalRoller, "23", "23"},
    {'3', '0', '5', BT::kSphericalRoller, "222", "22"},   {'3', '0', '6', BT::kSphericalRoller, "223", "23"},
    {'3', '3', '1', BT::kSphericalRoller, "230", "30"},   {'3', '3', '7', BT::kSphericalRoller, "231", "31"},
    {'3', '3', '2', BT::kSphericalRoller, "232", "32"},   {'6', '0', '1', BT::kAngularContactBall, "70", "10"},
    {'6', '0', '2', BT::kAngularContactBall, "72", "02"}, {'6', '0', '3', BT::kAngularContactBall, "73", "03"},
    {'7', '0', '2', BT::kTaperedRoller, "302", "02"},     {'7', '0', '3', BT::kTaperedRoller, "303", "03"},
    {'7', '0', '5', BT::kTaperedRoller, "322", "22"},     {'7', '0', '6', BT::kTaperedRoller, "323", "23"},
    {'7', '2', '1', BT::kTaperedRoller, "320", "20"},     {'8', '0', '1', BT::kThrustBall, "511", "11"},
    {'8', '0', '2', BT::kThrustBall, "512", "12"},        {'8', '0', '3', BT::kThrustBall, "513", "13"},
    {'8', '0', '4', BT::kThrustBall, "514", "14"},
};

struct OldPart {
    PK kind;
    std::string_view canonical;
    std::string_view meaning;
};

struct OldDesign {
    char type;
    int design;
    std::string_view prefix;  // cylindrical rib arrangement
    OldPart part;             // kind kOther with empty canonical = none
    std::string_view series_override;
    std::string_view from_series;  // the override applies to this series only
};

constexpr OldPart kNoPart{PK::kOther, "", ""};

constexpr OldDesign kOldDesigns[] = {
    {'0', 0, "", kNoPart, "", ""},
    {'0', 6, "", {PK::kSeal, "Z", "one metal shield"}, "", ""},
    {'0', 8, "", {PK::kSeal, "2Z", "metal shields on both sides"}, "", ""},
    {'0', 16, "", {PK::kSeal, "RS", "one contact seal"}, "", ""},
    {'0', 18, "", {PK::kSeal, "2RS", "contact seals on both sides"}, "", ""},
    {'0', 5, "", {PK::kOuterShape, "N", "snap-ring groove in the outer ring"}, "", ""},
    {'0', 15, "", {PK::kSeal, "ZN", "one shield and a snap-ring groove"}, "", ""},
    {'1', 0, "", kNoPart, "", ""},
    {'1', 11, "", {PK::kTaperedBore, "K", "tapered bore, taper 1:12"}, "", ""},
    {'2', 0, "N", kNoPart, "", ""},
    {'2', 1, "NF", kNoPart, "", ""},
    {'2', 3, "NU", kNoPart, "", ""},
    {'2', 4, "NJ", kNoPart, "", ""},
    {'2', 6, "NH", kNoPart, "", ""},
    {'2', 9, "NUP", kNoPart, "", ""},
    {'3', 0, "", kNoPart, "", ""},
    {'3', 5, "", {PK::kLubrication, "W33", "lubrication groove and three holes in the outer ring"}, "", ""},
    {'3', 11, "", {PK::kTaperedBore, "K", "tapered bore, taper 1:12"}, "", ""},
    {'6', 3, "", {PK::kContactAngle, "C", "contact angle 15 degrees"}, "", ""},
    {'6', 4, "", {PK::kContactAngle, "AC", "contact angle 25 degrees"}, "", ""},
    {'6', 6, "", {PK::kContactAngle, "B", "contact angle 40 degrees"}, "", ""},
    {'7', 0, "", kNoPart, "", ""},
    {'7', 2, "", kNoPart, "313", "303"},
    {'8', 0, "", kNoPart, "", ""},
    {'8', 3, "", kNoPart, "522", "512"},
    {'8', 3, "", kNoPart, "523", "513"},
    {'8', 3, "", kNoPart, "524", "514"},
};

std::string_view dim_series_of(std::string_view series) {
    if (const auto* s = find_canonical_series(series)) return s->dim_series;
    return {};
}

}  // namespace

bool decode_old(std::string_view digits, uint16_t position, Designation& des, std::string_view& why) {
    if (digits.size() < 3 || digits.size() > 7) {
        why = "an old GB 272-88 code has 3 to 7 digits";
        return false;
    }
    for (char c : digits) {
        if (c < '0' || c > '9') {
            why = "an old GB 272-88 code has digits only";
            return false;
        }
    }
    const size_t n = digits.size();
    const int bore = (digits[n - 2] - '0') * 10 + (digits[n - 1] - '0');
    const char ds = digits[n - 3];
    const char type = n >= 4 ? digits[n - 4] : '0';
    int design = 0;
    if (n >= 5) design = digits[n - 5] - '0';
    if (n >= 6) design += (digits[n - 6] - '0') * 10;
    const char width = n >= 7 ? digits[n - 7] : '0';

    const double d = bore_from_code(bore);
    if (d == 0) {
        why = "bore code of the old code is not 00-96";
        return false;
    }
    const OldSeries* series = nullptr;
    for (const auto& s : kOldSeries) {
        if (s.type == type && s.width == width && s.ds == ds) {
            series = &s;
            break;
        }
    }
    if (series == nullptr) {
        if (type == '9' || type == '4' || type == '5') {
            why = "old type digit 4, 5 or 9 (needle, twisted-roller, thrust roller) is not in the bundled rules";
        } else {
            why = "old type/width/diameter-series digits are not in the bundled rules";
        }
        return false;
    }
    const OldDesign* rule = nullptr;
    for (const auto& r : kOldDesigns) {
        if (r.type != type || r.design != design) continue;
        if (!r.from_series.empty() && r.from_series != series->series) continue;
        rule = &r;
        break;
    }
    if (rule == nullptr) {
        why = "old design-variant digits are not in the bundled rules for this type";
        return false;
    }
    des.type = series->bearing_type;
    des.notation = Notation::kOldChinese;
    des.series = rule->series_override.empty() ? series->series : rule->series_override;
    des.dimension_series = rule->series_override.empty() ? series->dim_series : dim_series_of(des.series);
    if (des.type == BT::kThrustBall && rule->series_override.size() == 3) des.type = BT::kDoubleDirectionThrustBall;
    des.type_prefix = rule->prefix;
    des.d = d;
    std::snprintf(des.bore_code.data(), des.bore_code.size(), "%02d", bore);
    std::snprintf(des.old_code.data(), des.old_code.size(), "%.*s", static_cast<int>(n), digits.data());
    if (!rule->part.canonical.empty() && des.part_count < Designation::kMaxParts) {
        des.parts[des.part_count++] =
            Part{rule->part.kind, rule->part.canonical, rule->part.canonical, rule->part.meaning, position};
    }
    return true;
}

}  // namespace yandian::catalog::detail

namespace yandian::catalog {

std::optional<std::string> to_old_code(const Designation& des) {
    using detail::kOldDesigns;
    using detail::kOldSeries;
    const std::string_view bore = des.bore_view();
    if (bore.size() != 2 || bore[0] < '0' || bore[0] > '9' || bore[1] < '0' || bore[1] > '9' ||
        des.notation == Notation::kInch) {
        return std::nullopt;
    }
    // Features that select the design digits.
    std::string_view feature;
    PartKind feature_kind = PartKind::kOther;
    for (uint8_t i = 0; i < des.part_count; ++i) {
        const Part& p = des.parts[i];
        const bool design_kind = p.kind == PartKind::kSeal || p.kind == PartKind::kOuterShape ||
                                 p.kind == PartKind::kTaperedBore || p.kind == PartKind::kContactAngle ||
                                 p.kind == PartKind::kLubrication;
        if (!design_kind || p.canonical.empty()) continue;
        if (!feature.empty()) return std::nullopt;  // two design features: the old system has no single code
        feature = p.canonical;
        feature_kind = p.kind;
    }
    for (const auto& rule : kOldDesigns) {
        std::string_view base_series = des.series;
        if (!rule.series_override.empty()) {
            if (rule.series_override != des.series) continue;
            base_series = rule.from_series;
        }
        if (rule.prefix != des.type_prefix) continue;
        if (rule.part.canonical != feature || (!feature.empty() && rule.part.kind != feature_kind)) continue;
        for (const auto& s : kOldSeries) {
            if (s.type != rule.type || s.series != base_series) continue;
            if (s.bearing_type != des.type && !(des.type == BearingType::kDoubleDirectionThrustBall)) continue;
            const int design = rule.design;
            std::string out;
            if (s.width != '0') out += s.width;
            if (design >= 10 || s.width != '0') out += static_cast<char>('0' + design / 10);
            if (design != 0 || !out.empty()) out += static_cast<char>('0' + design % 10);
            if (s.type != '0' || !out.empty()) out += s.type;
            out += s.ds;
            out += bore;
            return out;
        }
    }
    return std::nullopt;
}

}  // namespace yandian::catalog
