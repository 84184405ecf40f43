#pragma once
// Internal grammar tables of the designation parser (series codes, type prefixes, suffix dictionary, old-system
// rules). Not part of the public API; shared by designation.cpp, old_code.cpp and equivalents.cpp.
#include <cstdint>
#include <span>
#include <string_view>

#include "catalog/designation.hpp"

namespace yandian::catalog::detail {

using TypeMask = uint32_t;
constexpr TypeMask bit(BearingType t) { return TypeMask{1} << static_cast<unsigned>(t); }
constexpr TypeMask kAnyType = 0xFFFFFFFFu;
constexpr TypeMask kAngular = bit(BearingType::kAngularContactBall) | bit(BearingType::kDoubleRowAngularContactBall) |
                              bit(BearingType::kFourPointContactBall);
constexpr TypeMask kRadialBall = bit(BearingType::kDeepGrooveBall) | bit(BearingType::kDoubleRowDeepGrooveBall) |
                                 bit(BearingType::kSelfAligningBall) | bit(BearingType::kInsertBall) |
                                 bit(BearingType::kHousedUnit);
constexpr TypeMask kBall =
    kRadialBall | kAngular | bit(BearingType::kThrustBall) | bit(BearingType::kDoubleDirectionThrustBall);
constexpr TypeMask kCyl = bit(BearingType::kCylindricalRoller) | bit(BearingType::kNeedleRoller);
constexpr TypeMask kSph = bit(BearingType::kSphericalRoller) | bit(BearingType::kSphericalRollerThrust);
constexpr TypeMask kTap = bit(BearingType::kTaperedRoller) | bit(BearingType::kTaperedRollerInch);
constexpr TypeMask kRoller = kCyl | kSph | kTap | bit(BearingType::kThrustCylindricalRoller);
constexpr TypeMask kNotAngular = ~kAngular;

// Numeric (ISO 15 / ISO 104 / ISO 355 style) series: written code, type, ISO dimension series, canonical code.
struct SeriesDef {
    std::string_view code;
    BearingType type;
    std::string_view dim_series;
    std::string_view canonical;
    bool small_bore;  // admits a single-digit bore (608, 625, 126, 686)
    bool japanese;    // 68xx / 69xx spelling of 618 / 619
};
std::span<const SeriesDef> numeric_series();
const SeriesDef* find_numeric_series(std::string_view code);
// Canonical numeric series code -> definition ("618" -> the ISO one, never the Japanese alias).
const SeriesDef* find_canonical_series(std::string_view canonical);

enum class Grammar : uint8_t {
    kCylindrical,  // NU 2 10, NN 30 10: series digits + two-digit bore code
    kSeriesBore,   // QJ 2 05, NA 49 05, UC 2 05: series + bore code
    kNeedleSlash,  // NK 25/20, NKI 20/16: Fw or d / width
    kDrawnCup,     // HK 2016: Fw (2 digits) + width (2 digits)
    kNeedleCage,   // K 20x24x10
    kMiniature,    // MR 105: d (1 digit) + D (2 digits)
    kInch,         // LM 11949 / LM 11910
};

struct TypePrefixDef {
    std::string_view code;
    BearingType type;
    Grammar grammar;
    std::string_view series_allowed;  // space separated list for kCylindrical / kSeriesBore
};
const TypePrefixDef* find_type_prefix(std::string_view letters);
std::span<const TypePrefixDef> type_prefixes();

// Dimension series of a cylindrical/needle series written after the letters ("2" -> "02", "22" -> "22").
std::string_view letter_series_dimension(std::string_view series);

struct SuffixDef {
    std::string_view code;
    PartKind kind;
    std::string_view canonical;
    std::string_view meaning;
    TypeMask types;
};
// Entries whose code starts with `c`, longest first.
std::span<const SuffixDef* const> suffixes_starting_with(unsigned char c);
std::span<const SuffixDef> all_suffixes();

// Bore code "05" -> 25 mm; 0 when invalid.
double bore_from_code(int code);

}  // namespace yandian::catalog::detail
