// Designation parser and canonical form. See designation.hpp for the contract and docs/catalog/README.md for
// the grammar and its sources.
#include "catalog/designation.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "catalog/designation_tables.hpp"
#include "catalog/old_code.hpp"

namespace yandian::catalog {

using detail::Grammar;

std::string_view type_name(BearingType type) {
    switch (type) {
        case BearingType::kDeepGrooveBall:
            return "deep_groove_ball";
        case BearingType::kDoubleRowDeepGrooveBall:
            return "double_row_deep_groove_ball";
        case BearingType::kAngularContactBall:
            return "angular_contact_ball";
        case BearingType::kDoubleRowAngularContactBall:
            return "double_row_angular_contact_ball";
        case BearingType::kFourPointContactBall:
            return "four_point_contact_ball";
        case BearingType::kSelfAligningBall:
            return "self_aligning_ball";
        case BearingType::kSphericalRoller:
            return "spherical_roller";
        case BearingType::kTaperedRoller:
            return "tapered_roller";
        case BearingType::kTaperedRollerInch:
            return "tapered_roller_inch";
        case BearingType::kCylindricalRoller:
            return "cylindrical_roller";
        case BearingType::kNeedleRoller:
            return "needle_roller";
        case BearingType::kThrustBall:
            return "thrust_ball";
        case BearingType::kDoubleDirectionThrustBall:
            return "double_direction_thrust_ball";
        case BearingType::kThrustCylindricalRoller:
            return "thrust_cylindrical_roller";
        case BearingType::kSphericalRollerThrust:
            return "spherical_roller_thrust";
        case BearingType::kInsertBall:
            return "insert_ball";
        case BearingType::kHousedUnit:
            return "housed_unit";
    }
    return "unknown";
}

std::string_view type_label(BearingType type) {
    switch (type) {
        case BearingType::kDeepGrooveBall:
            return "Deep groove ball bearing";
        case BearingType::kDoubleRowDeepGrooveBall:
            return "Double row deep groove ball bearing";
        case BearingType::kAngularContactBall:
            return "Angular contact ball bearing";
        case BearingType::kDoubleRowAngularContactBall:
            return "Double row angular contact ball bearing";
        case BearingType::kFourPointContactBall:
            return "Four-point contact ball bearing";
        case BearingType::kSelfAligningBall:
            return "Self-aligning ball bearing";
        case BearingType::kSphericalRoller:
            return "Spherical roller bearing";
        case BearingType::kTaperedRoller:
            return "Tapered roller bearing";
        case BearingType::kTaperedRollerInch:
            return "Tapered roller bearing, inch series";
        case BearingType::kCylindricalRoller:
            return "Cylindrical roller bearing";
        case BearingType::kNeedleRoller:
            return "Needle roller bearing";
        case BearingType::kThrustBall:
            return "Thrust ball bearing";
        case BearingType::kDoubleDirectionThrustBall:
            return "Double direction thrust ball bearing";
        case BearingType::kThrustCylindricalRoller:
            return "Cylindrical roller thrust bearing";
        case BearingType::kSphericalRollerThrust:
            return "Spherical roller thrust bearing";
        case BearingType::kInsertBall:
            return "Insert ball bearing";
        case BearingType::kHousedUnit:
            return "Housed bearing unit";
    }
    return "unknown";
}

bool is_roller(BearingType type) { return (detail::bit(type) & detail::kRoller) != 0; }

bool is_thrust(BearingType type) {
    return type == BearingType::kThrustBall || type == BearingType::kDoubleDirectionThrustBall ||
           type == BearingType::kThrustCylindricalRoller || type == BearingType::kSphericalRollerThrust;
}

std::string_view brand_name(Brand brand) {
    switch (brand) {
        case Brand::kNone:
            return "";
        case Brand::kSkf:
            return "SKF";
        case Brand::kFag:
            return "FAG";
        case Brand::kNsk:
            return "NSK";
        case Brand::kNtn:
            return "NTN";
        case Brand::kKoyo:
            return "KOYO";
        case Brand::kNachi:
            return "NACHI";
        case Brand::kTimken:
            return "TIMKEN";
        case Brand::kZwz:
            return "ZWZ";
        case Brand::kHrb:
            return "HRB";
        case Brand::kLyc:
            return "LYC";
        case Brand::kCu:
            return "C&U";
        case Brand::kGbOld:
            return "GB-old";
    }
    return "";
}

std::string_view part_kind_name(PartKind kind) {
    switch (kind) {
        case PartKind::kPrefix:
            return "prefix";
        case PartKind::kInternalDesign:
            return "internal_design";
        case PartKind::kContactAngle:
            return "contact_angle";
        case PartKind::kOuterShape:
            return "outer_shape";
        case PartKind::kSeal:
            return "seal";
        case PartKind::kCage:
            return "cage";
        case PartKind::kPrecision:
            return "precision";
        case PartKind::kClearance:
            return "clearance";
        case PartKind::kArrangement:
            return "arrangement";
        case PartKind::kHeatStabilisation:
            return "heat_stabilisation";
        case PartKind::kTaperedBore:
            return "tapered_bore";
        case PartKind::kLubrication:
            return "lubrication";
        case PartKind::kGrease:
            return "grease";
        case PartKind::kVibration:
            return "vibration";
        case PartKind::kAccessory:
            return "accessory";
        case PartKind::kOther:
            return "other";
        case PartKind::kSpecial:
            return "special";
    }
    return "other";
}

const Part* Designation::find(PartKind kind) const {
    for (uint8_t i = 0; i < part_count; ++i) {
        if (parts[i].kind == kind) return &parts[i];
    }
    return nullptr;
}

namespace {

constexpr int kMaxChars = 63;

enum Sep : uint8_t { kNoSep = 0, kSpace = 1, kDash = 2, kPlus = 3, kSlash = 4 };

// The input with case folded, full-width forms mapped to ASCII and separators removed; every character keeps its
// byte offset in the input and the strongest separator written before it.
struct Norm {
    char c[kMaxChars + 1];
    uint16_t pos[kMaxChars + 1];
    uint8_t sep[kMaxChars + 1];
    int n = 0;
};

// A failure: what was wrong, and the byte range of the input at fault.
struct Fail {
    std::string_view what;
    size_t begin = 0;
    size_t end = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

struct BrandName {
    std::string_view text;
    Brand brand;
};

constexpr BrandName kChineseBrands[] = {
    {"斯凯孚", Brand::kSkf}, {"舍弗勒", Brand::kFag}, {"依纳", Brand::kFag},     {"恩斯克", Brand::kNsk},
    {"恩梯恩", Brand::kNtn}, {"光洋", Brand::kKoyo},  {"不二越", Brand::kNachi}, {"铁姆肯", Brand::kTimken},
    {"瓦轴", Brand::kZwz},   {"哈轴", Brand::kHrb},   {"洛轴", Brand::kLyc},     {"人本", Brand::kCu},
    {"旧", Brand::kGbOld},   {"C&U", Brand::kCu},     {"c&u", Brand::kCu},
};

constexpr BrandName kLatinBrands[] = {
    {"SKF", Brand::kSkf},   {"FAG", Brand::kFag},     {"INA", Brand::kFag},     {"NSK", Brand::kNsk},
    {"NTN", Brand::kNtn},   {"KOYO", Brand::kKoyo},   {"NACHI", Brand::kNachi}, {"TIMKEN", Brand::kTimken},
    {"ZWZ", Brand::kZwz},   {"HRB", Brand::kHrb},     {"LYC", Brand::kLyc},     {"CU", Brand::kCu},
    {"OLD", Brand::kGbOld}, {"GBOLD", Brand::kGbOld},
};

// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i, or -1 for malformed input.
long decode_utf8(std::string_view text, size_t& i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    int len = 0;
    long cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return -1;
    }
    if (i + len > text.size()) return -1;
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    i += len;
    return cp;
}

bool normalize(std::string_view text, Norm& norm, Brand& brand, Fail& fail) {
    size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    for (const auto& b : kChineseBrands) {
        if (text.substr(i, b.text.size()) == b.text) {
            brand = b.brand;
            i += b.text.size();
            break;
        }
    }
    uint8_t pending = kSpace;   // a separator before the first character is harmless
    bool slash_number = false;  // inside the digits written after a slash (for "618/2.5")
    while (i < text.size()) {
        const size_t start = i;
        long cp = decode_utf8(text, i);
        if (cp < 0) {
            fail = {"byte sequence is not valid UTF-8", start, start + 1};
            return false;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width forms
        if (cp == 0x3000) cp = ' ';
        if (cp == 0xD7) cp = 'X';  // multiplication sign
        char ch = 0;
        if (cp < 0x80) {
            ch = static_cast<char>(cp);
            if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        } else {
            switch (cp) {  // Cyrillic marks of the old system, as lower-case placeholders
                case 0x041B:
                case 0x043B:
                    ch = 'l';
                    break;
                case 0x0415:
                case 0x0435:
                    ch = 'e';
                    break;
                case 0x0414:
                case 0x0434:
                    ch = 'd';
                    break;
                case 0x0413:
                case 0x0433:
                    ch = 'g';
                    break;
                case 0x041D:
                case 0x043D:
                    ch = 'n';
                    break;
                default:
                    fail = {"character not understood", start, i};
                    return false;
            }
        }
        uint8_t s = kNoSep;
        switch (ch) {
            case ' ':
            case '\t':
            case '_':
            case ',':
            case '(':
            case ')':
            case '*':
            case ':':
                s = kSpace;
                break;
            case '-':
                s = kDash;
                break;
            case '+':
                s = kPlus;
                break;
            case '/':
                s = kSlash;
                break;
            case '.':
                if (slash_number && norm.n > 0 && is_digit(norm.c[norm.n - 1]) && i < text.size() &&
                    is_digit(text[i])) {
                    s = kNoSep;
                } else {
                    s = kSpace;
                }
                break;
            default:
                break;
        }
        if (s != kNoSep) {
            if (s > pending) pending = s;
            continue;
        }
        const bool ok =
            is_digit(ch) || is_upper(ch) || ch == '.' || ch == 'l' || ch == 'e' || ch == 'd' || ch == 'g' || ch == 'n';
        if (!ok) {
            fail = {"character not understood", start, i};
            return false;
        }
        if (norm.n >= kMaxChars) {
            fail = {"designation is longer than 63 characters", start, text.size()};
            return false;
        }
        if (pending != kNoSep) slash_number = pending == kSlash && is_digit(ch);
        if (!is_digit(ch) && ch != '.') slash_number = false;
        norm.c[norm.n] = ch;
        norm.pos[norm.n] = static_cast<uint16_t>(start);
        norm.sep[norm.n] = norm.n == 0 ? uint8_t{kNoSep} : pending;
        ++norm.n;
        pending = kNoSep;
    }
    norm.c[norm.n] = 0;
    norm.pos[norm.n] = static_cast<uint16_t>(text.size());
    norm.sep[norm.n] = kSpace;
    return true;
}

int run_end(const Norm& nm, int i, bool digits) {
    int j = i;
    while (j < nm.n && (j == i || nm.sep[j] == kNoSep) && (digits ? is_digit(nm.c[j]) : is_upper(nm.c[j]))) ++j;
    return j;
}

std::string_view view(const Norm& nm, int b, int e) { return std::string_view(nm.c + b, static_cast<size_t>(e - b)); }

Fail fail_at(const Norm& nm, std::string_view what, int b, int e) {
    return Fail{what, nm.pos[b], e > b ? static_cast<size_t>(nm.pos[e - 1]) + 1 : static_cast<size_t>(nm.pos[b]) + 1};
}

void set_chars(std::array<char, 12>& dst, std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    size_t k = 0;
    for (std::string_view s : {a, b, c}) {
        for (char ch : s) {
            if (k + 1 < dst.size()) dst[k++] = ch;
        }
    }
    dst[k] = 0;
}

bool add_part(Designation& des, PartKind kind, std::string_view code, std::string_view canon, std::string_view meaning,
              uint16_t pos) {
    if (des.part_count >= Designation::kMaxParts) return false;
    des.parts[des.part_count++] = Part{kind, code, canon, meaning, pos};
    return true;
}

bool in_list(std::string_view list, std::string_view item) {
    size_t b = 0;
    while (b < list.size()) {
        size_t e = list.find(' ', b);
        if (e == std::string_view::npos) e = list.size();
        if (list.substr(b, e - b) == item) return true;
        b = e + 1;
    }
    return false;
}

// Static storage for series codes written after type letters.
std::string_view static_series(std::string_view s) {
    static constexpr std::string_view kCodes[] = {"0",  "2",  "3",  "4",  "10", "12", "19", "22", "23",
                                                  "29", "30", "38", "39", "48", "49", "59", "69"};
    for (auto c : kCodes) {
        if (c == s) return c;
    }
    return {};
}

int two_digits(std::string_view s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

// Slash bore "22", "500", "2.5" -> mm; 0 if not a number.
double slash_bore_value(std::string_view s) {
    double v = 0;
    double scale = 0;
    for (char c : s) {
        if (c == '.') {
            if (scale != 0) return 0;
            scale = 1;
            continue;
        }
        if (!is_digit(c)) return 0;
        if (scale != 0) {
            scale /= 10;
            v += (c - '0') * scale;
        } else {
            v = v * 10 + (c - '0');
        }
    }
    return v;
}

// A bore written after a slash: 1-4 digits without a leading zero, optionally one decimal ("22", "500", "2.5").
bool valid_slash_bore(std::string_view s) {
    if (s.empty() || s[0] < '1' || s[0] > '9') return false;
    size_t k = 0;
    while (k < s.size() && is_digit(s[k])) ++k;
    if (k > 4) return false;
    if (k == s.size()) return true;
    return s.size() == k + 2 && s[k] == '.' && is_digit(s[k + 1]);
}

// ISO 15 style all-digit designation: series code + bore code.
bool parse_iso_numeric(std::string_view digits, std::string_view slash, Designation& des) {
    const detail::SeriesDef* s = nullptr;
    if (!slash.empty()) {
        s = detail::find_numeric_series(digits);
        if (s == nullptr) return false;
        des.d = slash_bore_value(slash);
        if (des.d <= 0) return false;
        set_chars(des.bore_code, "/", slash);
    } else if (digits.size() >= 4) {
        s = detail::find_numeric_series(digits.substr(0, digits.size() - 2));
        if (s == nullptr) return false;
        const std::string_view code = digits.substr(digits.size() - 2);
        des.d = detail::bore_from_code(two_digits(code));
        if (des.d == 0) return false;
        set_chars(des.bore_code, code);
    } else if (digits.size() == 3) {
        s = detail::find_numeric_series(digits.substr(0, 2));
        if (s == nullptr || !s->small_bore || digits[2] == '0') return false;
        // self-aligning 10 series: only 108 is made; 100-107 and 109 are old GB 272-88 codes of the 60 series
        if (s->canonical == "10" && digits[2] != '8') return false;
        des.d = digits[2] - '0';
        if (s->japanese) {
            set_chars(des.bore_code, "/", digits.substr(2));
        } else {
            set_chars(des.bore_code, digits.substr(2));
        }
    } else {
        return false;
    }
    des.type = s->type;
    des.series = s->canonical;
    des.dimension_series = s->dim_series;
    if (s->japanese) des.notation = Notation::kJapaneseSeries;
    return true;
}

// Suffix tokenizer: finds a split of chars [p, r) into dictionary codes valid for the bearing type.
struct Tokenizer {
    const Norm& nm;
    detail::TypeMask mask;
    const detail::SuffixDef* choice[kMaxChars + 1] = {};
    bool failed[kMaxChars + 1] = {};

    bool matches(const detail::SuffixDef* s, int p, int r) const {
        const int len = static_cast<int>(s->code.size());
        if (p + len > r || (s->types & mask) == 0) return false;
        return std::memcmp(nm.c + p, s->code.data(), static_cast<size_t>(len)) == 0;
    }

    bool split(int p, int r, int depth) {
        if (p == r) return true;
        if (failed[p] || depth > kMaxChars) return false;
        for (const auto* s : detail::suffixes_starting_with(static_cast<unsigned char>(nm.c[p]))) {
            if (!matches(s, p, r)) continue;
            if (split(p + static_cast<int>(s->code.size()), r, depth + 1)) {
                choice[p] = s;
                return true;
            }
        }
        failed[p] = true;
        return false;
    }

    // The first position from p where no code starts (for the error message), greedy longest match.
    int first_unknown(int p, int r) const {
        while (p < r) {
            const detail::SuffixDef* best = nullptr;
            for (const auto* s : detail::suffixes_starting_with(static_cast<unsigned char>(nm.c[p]))) {
                if (matches(s, p, r)) {
                    best = s;
                    break;
                }
            }
            if (best == nullptr) return p;
            p += static_cast<int>(best->code.size());
        }
        return p;
    }
};

constexpr std::string_view kPrecisionCodes[10] = {"", "", "P2", "", "P4", "P5", "P6", "", "", ""};
constexpr std::string_view kClearanceCodes[6] = {"", "C1", "C2", "C3", "C4", "C5"};

bool parse_suffixes(const Norm& nm, int k, Designation& des, Fail& fail) {
    Tokenizer tok{nm, detail::bit(des.type)};
    while (k < nm.n) {
        if (nm.sep[k] == kPlus) {  // accessory: + H310, + HJ310, + AH 308
            int e = run_end(nm, k, false);
            const int letters_end = e;
            if (e < nm.n && is_digit(nm.c[e])) e = run_end(nm, e, true);
            const std::string_view acc = view(nm, k, e);
            const std::string_view letters = view(nm, k, letters_end);
            if (letters_end == k || e == letters_end || acc.size() > 10 ||
                !(letters == "H" || letters == "AH" || letters == "HJ" || letters == "HA" || letters == "HE" ||
                  letters == "KM" || letters == "HM")) {
                fail = fail_at(nm, "accessory after '+' not understood (expected H, AH, HJ or KM with a number)", k,
                               e > k ? e : k + 1);
                return false;
            }
            set_chars(des.accessory, acc);
            if (!add_part(des, PartKind::kAccessory, "", "", "adapter/withdrawal sleeve, angle ring or lock nut",
                          nm.pos[k])) {
                fail = fail_at(nm, "too many suffixes", k, e);
                return false;
            }
            k = e;
            continue;
        }
        int r = k + 1;
        while (r < nm.n && nm.sep[r] == kNoSep) ++r;
        // "ABEC-5": the separator inside the ABEC class is not a boundary
        if (r - k >= 4 && view(nm, r - 4, r) == "ABEC" && r < nm.n && is_digit(nm.c[r])) ++r;
        if (!tok.split(k, r, 0)) {
            const int u = tok.first_unknown(k, r);
            fail = fail_at(nm, "suffix not understood", u, r);
            return false;
        }
        for (int p = k; p < r;) {
            const detail::SuffixDef* s = tok.choice[p];
            if (s->kind == PartKind::kPrecision && s->code.size() == 3 && s->code[0] == 'P' && is_digit(s->code[2])) {
                // GB combined class + clearance: P63 = P6 + C3
                const std::string_view prec = kPrecisionCodes[s->code[1] - '0'];
                const std::string_view clr = kClearanceCodes[s->code[2] - '0'];
                if (!add_part(des, PartKind::kPrecision, s->code, prec, "tolerance class (GB combined mark)",
                              nm.pos[p]) ||
                    !add_part(des, PartKind::kClearance, s->code, clr, "radial internal clearance (GB combined mark)",
                              nm.pos[p])) {
                    fail = fail_at(nm, "too many suffixes", p, r);
                    return false;
                }
            } else if (!add_part(des, s->kind, s->code, s->canonical, s->meaning, nm.pos[p])) {
                fail = fail_at(nm, "too many suffixes", p, r);
                return false;
            }
            p += static_cast<int>(s->code.size());
        }
        k = r;
    }
    return true;
}

bool parse_impl(std::string_view text, const ParseOptions& options, Designation& des, Fail& fail,
                std::string_view& detail_why) {
    Norm nm;
    if (!normalize(text, nm, des.brand, fail)) return false;
    if (nm.n == 0) {
        fail = {"designation is empty", 0, text.size()};
        return false;
    }
    bool force_old = options.force_old_system || des.brand == Brand::kGbOld;
    int i = 0;
    // Brand written in Latin letters: "SKF 6205", "NSK6205DDU", "GB-old 2205".
    {
        const int e = run_end(nm, 0, false);
        if (e > 0 && e < nm.n && (nm.sep[e] != kNoSep || is_digit(nm.c[e]))) {
            std::string_view word = view(nm, 0, e);
            int after = e;
            if (word == "GB") {
                const int e2 = run_end(nm, e, false);
                if (view(nm, e, e2) == "OLD") {
                    word = "GBOLD";
                    after = e2;
                }
            }
            for (const auto& b : kLatinBrands) {
                if (b.text == word) {
                    if (b.brand == Brand::kGbOld) {
                        force_old = true;
                    } else {
                        des.brand = b.brand;
                    }
                    i = after;
                    break;
                }
            }
        }
    }
    if (force_old && des.brand == Brand::kNone) des.brand = Brand::kGbOld;
    if (i >= nm.n) {
        fail = {"no designation after the brand name", text.size(), text.size()};
        return false;
    }
    // Old-system class / clearance prefix: "6-180205", "76-205".
    {
        const int e = run_end(nm, i, true);
        if (is_digit(nm.c[i]) && e - i <= 2 && e < nm.n && nm.sep[e] == kDash && is_digit(nm.c[e]) &&
            run_end(nm, e, true) - e >= 3) {
            const std::string_view pre = view(nm, i, e);
            const char cls = pre.back();
            std::string_view prec;
            switch (cls) {
                case '0':
                    prec = "";
                    break;
                case '6':
                    prec = "P6";
                    break;
                case '5':
                    prec = "P5";
                    break;
                case '4':
                    prec = "P4";
                    break;
                case '2':
                    prec = "P2";
                    break;
                default:
                    fail = fail_at(nm, "old tolerance class not understood (0, 6, 5, 4 or 2)", e - 1, e);
                    return false;
            }
            if (!prec.empty()) add_part(des, PartKind::kPrecision, "", prec, "tolerance class (old prefix)", nm.pos[i]);
            if (pre.size() == 2) {
                if (pre[0] != '7') {
                    fail = fail_at(nm, "old clearance group not understood (only group 7 = C3 is bundled)", i, i + 1);
                    return false;
                }
                add_part(des, PartKind::kClearance, "", "C3", "radial clearance group 7 (old prefix)", nm.pos[i]);
            }
            i = e;
            force_old = true;
            if (des.brand == Brand::kNone) des.brand = Brand::kGbOld;
        }
    }
    // Material and design prefixes.
    if (i + 2 < nm.n && nm.c[i] == 'E' && nm.c[i + 1] == '2' && nm.sep[i + 1] == kNoSep && nm.sep[i + 2] != kNoSep) {
        add_part(des, PartKind::kPrefix, "E2", "", "energy-efficient design (SKF E2)", nm.pos[i]);
        i += 2;
    } else if (i + 2 < nm.n && nm.c[i] == '4' && nm.c[i + 1] == 'T' && nm.sep[i + 2] != kNoSep) {
        add_part(des, PartKind::kPrefix, "4T", "", "ECO-Top design (NTN 4T)", nm.pos[i]);
        i += 2;
    } else {
        const int e = run_end(nm, i, false);
        const std::string_view w = view(nm, i, e);
        if (e < nm.n && is_digit(nm.c[e]) && (w == "W" || w == "SS" || w == "HR" || w == "ET")) {
            if (w == "W") add_part(des, PartKind::kPrefix, "W", "W", "stainless steel (SKF W)", nm.pos[i]);
            if (w == "SS") add_part(des, PartKind::kPrefix, "SS", "W", "stainless steel (market SS)", nm.pos[i]);
            if (w == "HR") add_part(des, PartKind::kPrefix, "HR", "", "high-capacity design (NSK HR)", nm.pos[i]);
            if (w == "ET") add_part(des, PartKind::kPrefix, "ET", "", "ECO-Top design (NTN ET)", nm.pos[i]);
            i = e;
        }
    }
    if (i >= nm.n) {
        fail = {"no basic designation after the prefix", text.size(), text.size()};
        return false;
    }
    const int letters_end = run_end(nm, i, false);
    int k = letters_end;
    if (letters_end == i) {
        // All-digit designation: ISO series + bore, inch cone/cup numbers, or the old system.
        if (!is_digit(nm.c[i])) {
            fail = fail_at(nm, "designation must start with a type letter or a digit", i, i + 1);
            return false;
        }
        const int de = run_end(nm, i, true);
        const std::string_view digits = view(nm, i, de);
        std::string_view slash;
        k = de;
        if (de < nm.n && nm.sep[de] == kSlash && is_digit(nm.c[de])) {
            int se = de;
            while (se < nm.n && (se == de || nm.sep[se] == kNoSep) && (is_digit(nm.c[se]) || nm.c[se] == '.')) ++se;
            slash = view(nm, de, se);
            k = se;
            if (!valid_slash_bore(slash) && !(digits.size() >= 4 && digits.size() <= 7 && slash.size() >= 4 &&
                                              slash.size() <= 6 && slash.find('.') == std::string_view::npos)) {
                fail = fail_at(nm, "bore after the slash not understood (e.g. /22, /500, /2.5)", de, se);
                return false;
            }
        }
        if (digits.size() >= 4 && digits.size() <= 7 && slash.size() >= 4 && slash.size() <= 6 &&
            slash.find('.') == std::string_view::npos) {  // inch cone / cup: 3780/3720, 25580/25520
            des.type = BearingType::kTaperedRollerInch;
            des.notation = Notation::kInch;
            set_chars(des.bore_code, "");
            std::snprintf(des.inch_part.data(), des.inch_part.size(), "%.*s/%.*s", static_cast<int>(digits.size()),
                          digits.data(), static_cast<int>(slash.size()), slash.data());
        } else {
            bool done = false;
            std::string_view why;
            if (force_old && slash.empty()) {
                if (!detail::decode_old(digits, nm.pos[i], des, why)) {
                    fail = fail_at(nm, "old GB 272-88 code not understood", i, de);
                    detail_why = why;
                    return false;
                }
                done = true;
            }
            if (!done && parse_iso_numeric(digits, slash, des)) {
                done = true;
                if (slash.empty() && des.notation == Notation::kIso) {
                    Designation alt;
                    std::string_view ignored;
                    if (detail::decode_old(digits, 0, alt, ignored)) {
                        des.old_reading_differs = alt.type != des.type || alt.series != des.series ||
                                                  alt.type_prefix != des.type_prefix || alt.part_count != 0;
                    }
                }
            }
            if (!done && slash.empty()) {
                if (!detail::decode_old(digits, nm.pos[i], des, why)) {
                    fail = fail_at(nm, "number is neither an ISO series with a bore code nor an old GB 272-88 code", i,
                                   de);
                    detail_why = why;
                    return false;
                }
                done = true;
            }
            if (!done) {
                fail = fail_at(nm, "series before the slash bore not understood", i, k);
                return false;
            }
        }
    } else {
        std::string_view letters = view(nm, i, letters_end);
        const detail::TypePrefixDef* tp = detail::find_type_prefix(letters);
        if (tp == nullptr && des.part_count == 0 && letters.size() > 1) {
            // material prefix run together with type letters: "WNJ205", "SSUC205"
            for (std::string_view pre : {"W", "SS"}) {
                if (letters.starts_with(pre) && detail::find_type_prefix(letters.substr(pre.size())) != nullptr) {
                    add_part(des, PartKind::kPrefix, pre, "W",
                             pre == "W" ? "stainless steel (SKF W)" : "stainless steel (market SS)", nm.pos[i]);
                    i += static_cast<int>(pre.size());
                    letters = view(nm, i, letters_end);
                    tp = detail::find_type_prefix(letters);
                    break;
                }
            }
        }
        if (tp == nullptr) {
            fail = fail_at(nm, "type prefix not understood", i, letters_end);
            return false;
        }
        des.type = tp->type;
        des.type_prefix = tp->code;
        if (letters_end >= nm.n || !is_digit(nm.c[letters_end])) {
            fail = fail_at(nm, "digits expected after the type prefix", i, letters_end);
            return false;
        }
        const int de = run_end(nm, letters_end, true);
        const std::string_view digits = view(nm, letters_end, de);
        k = de;
        auto slash_part = [&](int from, int& to) -> std::string_view {
            if (from < nm.n && nm.sep[from] == kSlash && is_digit(nm.c[from])) {
                to = from;
                while (to < nm.n && (to == from || nm.sep[to] == kNoSep) && (is_digit(nm.c[to]) || nm.c[to] == '.'))
                    ++to;
                return view(nm, from, to);
            }
            to = from;
            return {};
        };
        switch (tp->grammar) {
            case Grammar::kCylindrical:
            case Grammar::kSeriesBore: {
                int se = de;
                const std::string_view slash = slash_part(de, se);
                std::string_view series;
                if (!slash.empty()) {
                    if (!valid_slash_bore(slash)) {
                        fail = fail_at(nm, "bore after the slash not understood (e.g. /22, /500, /2.5)", de, se);
                        return false;
                    }
                    series = static_series(digits);
                    des.d = slash_bore_value(slash);
                    set_chars(des.bore_code, "/", slash);
                    k = se;
                } else if (digits.size() >= 3) {
                    series = static_series(digits.substr(0, digits.size() - 2));
                    const std::string_view code = digits.substr(digits.size() - 2);
                    des.d = detail::bore_from_code(two_digits(code));
                    set_chars(des.bore_code, code);
                }
                if (slash.empty() && digits.size() < 3) {
                    fail = fail_at(nm, "series digits and a two-digit bore code expected", de < nm.n ? de : letters_end,
                                   de < nm.n ? de + 1 : de);
                    return false;
                }
                if (series.empty() || !in_list(tp->series_allowed, series)) {
                    fail = fail_at(nm, "series digits not understood for this type prefix", letters_end, de);
                    return false;
                }
                if (des.d <= 0) {
                    fail = fail_at(nm, "bore code not understood (00-96, or /d)", letters_end, k);
                    return false;
                }
                des.series = series;
                des.dimension_series = detail::letter_series_dimension(series);
                if (des.type == BearingType::kInsertBall || des.type == BearingType::kHousedUnit ||
                    des.type == BearingType::kFourPointContactBall) {
                    des.dimension_series = series == "2" ? "02" : series == "3" ? "03" : "";
                }
                // inch bore of insert bearings: UC205-16 = 16/16 inch
                if ((des.type == BearingType::kInsertBall || des.type == BearingType::kHousedUnit) && slash.empty() &&
                    k < nm.n && nm.sep[k] == kDash && is_digit(nm.c[k])) {
                    const int ie = run_end(nm, k, true);
                    if (ie - k == 2) {
                        const std::string_view sixteenths = view(nm, k, ie);
                        des.d = two_digits(sixteenths) * 25.4 / 16.0;
                        set_chars(des.bore_code, view(nm, de - 2, de), "-", sixteenths);
                        k = ie;
                    }
                }
                break;
            }
            case Grammar::kNeedleSlash: {
                int se = de;
                const std::string_view width = slash_part(de, se);
                if (width.empty() || digits.size() > 3 || !valid_slash_bore(width) || digits[0] == '0') {
                    fail = fail_at(nm, "needle bearing size expected as Fw/width, e.g. NK25/20", letters_end, se);
                    return false;
                }
                des.d = slash_bore_value(digits);
                des.width_from_code = slash_bore_value(width);
                set_chars(des.bore_code, digits, "/", width);
                k = se;
                break;
            }
            case Grammar::kDrawnCup: {
                // HK2016 = Fw 20, width 16; the six-digit form HK101612 also states D (Fw 10, D 16, width 12)
                if (digits.size() != 4 && digits.size() != 6) {
                    fail = fail_at(nm, "drawn cup size expected as Fw + width (HK2016) or Fw + D + width (HK101612)",
                                   letters_end, de);
                    return false;
                }
                des.d = two_digits(digits);
                if (digits.size() == 6) des.outer_from_code = two_digits(digits.substr(2, 2));
                des.width_from_code = two_digits(digits.substr(digits.size() - 2));
                set_chars(des.bore_code, digits);
                break;
            }
            case Grammar::kNeedleCage: {
                // K 20x24x10
                int p = de;
                std::string_view nums[3] = {digits, {}, {}};
                for (int part = 1; part < 3; ++part) {
                    if (p >= nm.n || nm.c[p] != 'X' || p + 1 >= nm.n || !is_digit(nm.c[p + 1])) {
                        fail = fail_at(nm, "needle cage size expected as FwxEwxBc, e.g. K20x24x10", letters_end,
                                       p < nm.n ? p + 1 : p);
                        return false;
                    }
                    const int e2 = run_end(nm, p + 1, true);
                    nums[part] = view(nm, p + 1, e2);
                    p = e2;
                }
                if (nums[0].size() + nums[1].size() + nums[2].size() > 9) {
                    fail = fail_at(nm, "needle cage size too long", letters_end, p);
                    return false;
                }
                des.d = slash_bore_value(nums[0]);
                des.outer_from_code = slash_bore_value(nums[1]);
                des.width_from_code = slash_bore_value(nums[2]);
                char buf[12];
                std::snprintf(buf, sizeof buf, "%.*sX%.*sX%.*s", static_cast<int>(nums[0].size()), nums[0].data(),
                              static_cast<int>(nums[1].size()), nums[1].data(), static_cast<int>(nums[2].size()),
                              nums[2].data());
                set_chars(des.bore_code, buf);
                k = p;
                break;
            }
            case Grammar::kMiniature: {
                if (digits.size() < 2 || digits.size() > 4) {
                    fail = fail_at(nm, "miniature size expected as d + D, e.g. MR105", letters_end, de);
                    return false;
                }
                // MR + D + d: MR105 = 5 x 10, MR63 = 3 x 6
                const size_t dl = digits.size() == 4 ? 2 : 1;
                des.outer_from_code = slash_bore_value(digits.substr(0, digits.size() - dl));
                des.d = slash_bore_value(digits.substr(digits.size() - dl));
                set_chars(des.bore_code, digits);
                des.series = "MR";
                break;
            }
            case Grammar::kInch: {
                if (digits.size() < 4) {
                    fail = fail_at(nm, "inch tapered cone/cup number expected (4 or more digits)", i, de);
                    return false;
                }
                int e = de;
                // optional cup after a slash: /LM11910 or /10
                if (e < nm.n && nm.sep[e] == kSlash) {
                    const int le = run_end(nm, e, false);
                    const int de2 = le < nm.n && is_digit(nm.c[le]) && (le == e || nm.sep[le] == kNoSep)
                                        ? run_end(nm, le, true)
                                        : le;
                    if (de2 > le) e = de2;
                }
                if (e - i > 22 || digits.size() > 7) {
                    fail = fail_at(nm, "inch cone/cup designation too long", i, e);
                    return false;
                }
                char* out = des.inch_part.data();
                size_t o = 0;
                for (int p = i; p < e; ++p) {
                    if (p > i && nm.sep[p] == kSlash) out[o++] = '/';
                    out[o++] = nm.c[p];
                }
                out[o] = 0;
                des.notation = Notation::kInch;
                k = e;
                break;
            }
        }
    }
    return parse_suffixes(nm, k, des, fail);
}

}  // namespace

Result<Designation> parse_designation(std::string_view text, ParseOptions options) {
    Designation des;
    Fail f;
    std::string_view why;
    if (parse_impl(text, options, des, f, why)) return des;
    const size_t b = std::min(f.begin, text.size());
    const size_t e = std::max(b, std::min(f.end, text.size()));
    std::string message(f.what);
    if (e > b) {
        message += ": '";
        message += text.substr(b, e - b);
        message += "' at position ";
    } else {
        message += " at position ";
    }
    message += std::to_string(b);
    if (!why.empty()) {
        message += " (";
        message += why;
        message += ")";
    }
    return fail(ErrorCode::kInvalidArgument, std::move(message), "position " + std::to_string(b));
}

std::string basic_designation(const Designation& des) {
    if (des.notation == Notation::kInch) return std::string(des.inch_view());
    std::string s;
    s.reserve(16);
    if (des.series == "MR") return "MR" + std::string(des.bore_view());
    s += des.type_prefix;
    s += des.series;
    s += des.bore_view();
    return s;
}

std::string canonical(const Designation& des) {
    std::string s;
    s.reserve(32);
    for (uint8_t i = 0; i < des.part_count; ++i) {
        if (des.parts[i].kind == PartKind::kPrefix) s += des.parts[i].canonical;
    }
    s += basic_designation(des);
    auto append_kind = [&](PartKind kind, std::string_view lead, std::string_view joiner) {
        bool first = true;
        std::string_view seen[Designation::kMaxParts];
        int n_seen = 0;
        for (uint8_t i = 0; i < des.part_count; ++i) {
            const Part& p = des.parts[i];
            if (p.kind != kind || p.canonical.empty()) continue;
            bool dup = false;
            for (int k = 0; k < n_seen; ++k) dup = dup || seen[k] == p.canonical;
            if (dup) continue;
            seen[n_seen++] = p.canonical;
            s += first ? lead : joiner;
            s += p.canonical;
            first = false;
        }
    };
    append_kind(PartKind::kContactAngle, "", "");
    append_kind(PartKind::kInternalDesign, "", "");
    append_kind(PartKind::kTaperedBore, "", "");
    append_kind(PartKind::kOuterShape, "", "");
    append_kind(PartKind::kOther, "", "");
    append_kind(PartKind::kSeal, "-", "-");
    append_kind(PartKind::kCage, " ", " ");
    append_kind(PartKind::kPrecision, " ", " ");
    append_kind(PartKind::kClearance, " ", " ");
    append_kind(PartKind::kArrangement, " ", " ");
    append_kind(PartKind::kHeatStabilisation, " ", " ");
    append_kind(PartKind::kLubrication, " ", " ");
    append_kind(PartKind::kGrease, " ", " ");
    append_kind(PartKind::kVibration, " ", " ");
    append_kind(PartKind::kSpecial, " ", " ");
    if (!des.accessory_view().empty()) {
        s += " + ";
        s += des.accessory_view();
    }
    return s;
}

}  // namespace yandian::catalog
