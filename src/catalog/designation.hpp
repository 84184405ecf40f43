#pragma once
// Bearing designations: one parser for the ISO / GB/T 272-2017 system, the brands' own spellings (SKF, FAG, NSK,
// NTN, KOYO, NACHI, TIMKEN) and the old Chinese GB 272-88 seven-digit system, and one canonical spelling.
//
// The parser is total (any byte string gives either a Designation or an Error naming the part it did not
// understand and its byte position) and allocation-free on the success path: every code it stores is a
// std::string_view into static tables, and the input is read through a fixed 64-character buffer.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::catalog {

enum class BearingType : uint8_t {
    kDeepGrooveBall,
    kDoubleRowDeepGrooveBall,
    kAngularContactBall,
    kDoubleRowAngularContactBall,
    kFourPointContactBall,
    kSelfAligningBall,
    kSphericalRoller,
    kTaperedRoller,
    kTaperedRollerInch,
    kCylindricalRoller,
    kNeedleRoller,
    kThrustBall,
    kDoubleDirectionThrustBall,
    kThrustCylindricalRoller,
    kSphericalRollerThrust,
    kInsertBall,
    kHousedUnit,
};

// Stable machine name ("deep_groove_ball", ...) and a short English label.
std::string_view type_name(BearingType type);
std::string_view type_label(BearingType type);
bool is_roller(BearingType type);
bool is_thrust(BearingType type);

enum class Brand : uint8_t { kNone, kSkf, kFag, kNsk, kNtn, kKoyo, kNachi, kTimken, kZwz, kHrb, kLyc, kCu, kGbOld };
std::string_view brand_name(Brand brand);  // "SKF", "FAG", ..., "GB-old"; "" for kNone

enum class PartKind : uint8_t {
    kPrefix,             // material / design prefix before the basic designation (W, SS, HR, 4T, E2)
    kInternalDesign,     // E, EC, CA, CC, MB, J2, RHR, EA, ...
    kContactAngle,       // A, AC, B, C on angular contact ball bearings
    kOuterShape,         // N, NR (snap-ring groove / ring)
    kSeal,               // shields and seals
    kCage,               // J, M, MA, MB, TN, ...
    kPrecision,          // P6, P5, P4, P2, ABEC
    kClearance,          // C1..C5, CN, CM
    kArrangement,        // DB, DF, DT, universal matching
    kHeatStabilisation,  // S0..S4
    kTaperedBore,        // K, K30
    kLubrication,        // W33 and its brand equivalents
    kGrease,             // GJN, HT, LT, ...
    kVibration,          // Z1..Z4, V1..V4 (GB vibration classes)
    kAccessory,          // + H310, + HJ310, adapter sleeves and angle rings
    kOther,              // X, XL, Q and other brand marks
    kSpecial,            // numbered brand variants written last (SKF VA405, VT162)
};
std::string_view part_kind_name(PartKind kind);

// One recognised prefix or suffix. `code` is the spelling as written (upper case, static storage), `canonical`
// the GB/T 272 code it stands for ("" when the part has no place in the canonical form, e.g. SKF "Q"),
// `meaning` a short English explanation.
struct Part {
    PartKind kind = PartKind::kOther;
    std::string_view code;
    std::string_view canonical;
    std::string_view meaning;
    uint16_t position = 0;  // byte offset in the input
};

// Which way the designation was written.
enum class Notation : uint8_t { kIso, kJapaneseSeries, kOldChinese, kInch };

struct Designation {
    static constexpr size_t kMaxParts = 16;

    BearingType type = BearingType::kDeepGrooveBall;
    Notation notation = Notation::kIso;
    Brand brand = Brand::kNone;    // brand named in the input ("SKF 6205", "斯凯孚6205") or implied by a spelling
    std::string_view type_prefix;  // "NU", "NJ", "QJ", "UCP", "LM" ... ("" for numeric designations)
    std::string_view series;       // series code as in the canonical form: "62", "618", "222", "302", "2", "22"
    std::string_view dimension_series;  // ISO dimension series: "02", "22", "18" ... ("" when not applicable)
    std::array<char, 12> bore_code{};   // "05", "/22", "8", "/2.5", "25/20", "20X24X10" (NUL-terminated)
    double d = 0;                       // bore in mm (0 when unknown, e.g. inch cones)
    double outer_from_code = 0;         // D in mm when the designation itself carries it (MR105, HK2016 width ...)
    double width_from_code = 0;
    std::array<char, 24> inch_part{};  // inch tapered cone/cup "LM11949/LM11910"
    std::array<Part, kMaxParts> parts{};
    uint8_t part_count = 0;
    std::array<char, 12> accessory{};  // "+H310" accessory written after a plus sign ("H310"), NUL-terminated
    std::array<char, 12> old_code{};   // the old GB 272-88 digits when the input was written in the old system
    bool old_reading_differs = false;  // an all-digit ISO designation that means another bearing in the old system

    std::string_view bore_view() const { return std::string_view(bore_code.data()); }
    std::string_view inch_view() const { return std::string_view(inch_part.data()); }
    std::string_view accessory_view() const { return std::string_view(accessory.data()); }
    std::string_view old_code_view() const { return std::string_view(old_code.data()); }
    const Part* find(PartKind kind) const;
};

struct ParseOptions {
    bool force_old_system = false;  // read an all-digit designation in the old GB 272-88 system first
};

// Reads a designation. Errors name the part not understood; Error::field is "position N" (byte offset).
[[nodiscard]] Result<Designation> parse_designation(std::string_view text, ParseOptions options = {});

// Canonical GB/T 272-2017 style spelling: "6205-2RS C3", "NU210E M C3", "22210CAK W33 C3", "7205AC P5 DB".
std::string canonical(const Designation& des);
// Basic designation only: "6205", "NU210", "22210", "LM11949/LM11910".
std::string basic_designation(const Designation& des);

// Old Chinese GB 272-88 designation for a modern one, when the old system had a code for it ("180205").
std::optional<std::string> to_old_code(const Designation& des);

}  // namespace yandian::catalog
