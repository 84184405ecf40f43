// Grammar tables of the designation parser.
// Sources: ISO 15 / GB/T 272-2017 series structure, ISO 104 (thrust), ISO 355 (tapered), the brands' designation
// guides as summarised in docs/catalog/README.md ("Suffix dictionary"), which names the catalogue of every entry.
#include "catalog/designation_tables.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace yandian::catalog::detail {

namespace {

using BT = BearingType;
using PK = PartKind;

constexpr SeriesDef kSeries[] = {
    // deep groove ball bearings
    {"60", BT::kDeepGrooveBall, "10", "60", true, false},
    {"62", BT::kDeepGrooveBall, "02", "62", true, false},
    {"63", BT::kDeepGrooveBall, "03", "63", true, false},
    {"64", BT::kDeepGrooveBall, "04", "64", false, false},
    {"160", BT::kDeepGrooveBall, "00", "160", false, false},
    {"617", BT::kDeepGrooveBall, "17", "617", false, false},
    {"618", BT::kDeepGrooveBall, "18", "618", false, false},
    {"619", BT::kDeepGrooveBall, "19", "619", false, false},
    {"68", BT::kDeepGrooveBall, "18", "618", true, true},
    {"69", BT::kDeepGrooveBall, "19", "619", true, true},
    {"42", BT::kDoubleRowDeepGrooveBall, "22", "42", false, false},
    {"43", BT::kDoubleRowDeepGrooveBall, "23", "43", false, false},
    // angular contact ball bearings
    {"70", BT::kAngularContactBall, "10", "70", false, false},
    {"72", BT::kAngularContactBall, "02", "72", false, false},
    {"73", BT::kAngularContactBall, "03", "73", false, false},
    {"74", BT::kAngularContactBall, "04", "74", false, false},
    {"718", BT::kAngularContactBall, "18", "718", false, false},
    {"719", BT::kAngularContactBall, "19", "719", false, false},
    {"32", BT::kDoubleRowAngularContactBall, "32", "32", false, false},
    {"33", BT::kDoubleRowAngularContactBall, "33", "33", false, false},
    // self-aligning ball bearings
    {"10", BT::kSelfAligningBall, "10", "10", true, false},
    {"12", BT::kSelfAligningBall, "02", "12", true, false},
    {"13", BT::kSelfAligningBall, "03", "13", true, false},
    {"22", BT::kSelfAligningBall, "22", "22", false, false},
    {"23", BT::kSelfAligningBall, "23", "23", false, false},
    // spherical roller bearings
    {"213", BT::kSphericalRoller, "03", "213", false, false},
    {"222", BT::kSphericalRoller, "22", "222", false, false},
    {"223", BT::kSphericalRoller, "23", "223", false, false},
    {"230", BT::kSphericalRoller, "30", "230", false, false},
    {"231", BT::kSphericalRoller, "31", "231", false, false},
    {"232", BT::kSphericalRoller, "32", "232", false, false},
    {"238", BT::kSphericalRoller, "38", "238", false, false},
    {"239", BT::kSphericalRoller, "39", "239", false, false},
    {"240", BT::kSphericalRoller, "40", "240", false, false},
    {"241", BT::kSphericalRoller, "41", "241", false, false},
    {"248", BT::kSphericalRoller, "48", "248", false, false},
    {"249", BT::kSphericalRoller, "49", "249", false, false},
    {"292", BT::kSphericalRollerThrust, "92", "292", false, false},
    {"293", BT::kSphericalRollerThrust, "93", "293", false, false},
    {"294", BT::kSphericalRollerThrust, "94", "294", false, false},
    // tapered roller bearings (ISO 355 in ISO 15 style)
    {"302", BT::kTaperedRoller, "02", "302", false, false},
    {"303", BT::kTaperedRoller, "03", "303", false, false},
    {"313", BT::kTaperedRoller, "13", "313", false, false},
    {"320", BT::kTaperedRoller, "20", "320", false, false},
    {"322", BT::kTaperedRoller, "22", "322", false, false},
    {"323", BT::kTaperedRoller, "23", "323", false, false},
    {"329", BT::kTaperedRoller, "29", "329", false, false},
    {"330", BT::kTaperedRoller, "30", "330", false, false},
    {"331", BT::kTaperedRoller, "31", "331", false, false},
    {"332", BT::kTaperedRoller, "32", "332", false, false},
    // thrust bearings (ISO 104)
    {"511", BT::kThrustBall, "11", "511", false, false},
    {"512", BT::kThrustBall, "12", "512", false, false},
    {"513", BT::kThrustBall, "13", "513", false, false},
    {"514", BT::kThrustBall, "14", "514", false, false},
    {"522", BT::kDoubleDirectionThrustBall, "22", "522", false, false},
    {"523", BT::kDoubleDirectionThrustBall, "23", "523", false, false},
    {"524", BT::kDoubleDirectionThrustBall, "24", "524", false, false},
    {"811", BT::kThrustCylindricalRoller, "11", "811", false, false},
    {"812", BT::kThrustCylindricalRoller, "12", "812", false, false},
    {"893", BT::kThrustCylindricalRoller, "93", "893", false, false},
    {"894", BT::kThrustCylindricalRoller, "94", "894", false, false},
};

constexpr std::string_view kCylSeries = "2 3 4 10 12 19 22 23 29 30 38 39 48 49";
constexpr std::string_view kUnitSeries = "2 3";

constexpr TypePrefixDef kTypePrefixes[] = {
    {"N", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NU", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NJ", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NUP", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NF", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NH", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NN", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NNU", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NNF", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NCF", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NJG", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NNCF", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"NNCL", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"RNU", BT::kCylindricalRoller, Grammar::kCylindrical, kCylSeries},
    {"QJ", BT::kFourPointContactBall, Grammar::kSeriesBore, "2 3 10"},
    {"NA", BT::kNeedleRoller, Grammar::kSeriesBore, "48 49 59 69"},
    {"RNA", BT::kNeedleRoller, Grammar::kSeriesBore, "48 49 59 69"},
    {"NK", BT::kNeedleRoller, Grammar::kNeedleSlash, ""},
    {"NKI", BT::kNeedleRoller, Grammar::kNeedleSlash, ""},
    {"HK", BT::kNeedleRoller, Grammar::kDrawnCup, ""},
    {"BK", BT::kNeedleRoller, Grammar::kDrawnCup, ""},
    {"K", BT::kNeedleRoller, Grammar::kNeedleCage, ""},
    {"UC", BT::kInsertBall, Grammar::kSeriesBore, kUnitSeries},
    {"UK", BT::kInsertBall, Grammar::kSeriesBore, kUnitSeries},
    {"SB", BT::kInsertBall, Grammar::kSeriesBore, kUnitSeries},
    {"SA", BT::kInsertBall, Grammar::kSeriesBore, kUnitSeries},
    {"HC", BT::kInsertBall, Grammar::kSeriesBore, kUnitSeries},
    {"UCX", BT::kInsertBall, Grammar::kSeriesBore, "0"},
    {"UCP", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UCF", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UCFL", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UCFC", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UCT", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UCPA", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UKP", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UKF", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"UKFL", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"SBPP", BT::kHousedUnit, Grammar::kSeriesBore, kUnitSeries},
    {"MR", BT::kDeepGrooveBall, Grammar::kMiniature, ""},
    // inch tapered cones and cups (Timken / ABMA numbering)
    {"L", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"LL", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"LM", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"M", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"HM", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"H", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"HH", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"EE", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"JL", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"JLM", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"JM", BT::kTaperedRollerInch, Grammar::kInch, ""},
    {"JHM", BT::kTaperedRollerInch, Grammar::kInch, ""},
};

// Suffix dictionary. Codes are upper case; lower-case letters stand for the Cyrillic letters of the old
// GOST / GB marks (l = Л, e = Е, d = Д, g = Г, n = Н) after normalisation.
constexpr SuffixDef kSuffixes[] = {
    // shields and seals
    {"Z", PK::kSeal, "Z", "one metal shield", kAnyType},
    {"ZZ", PK::kSeal, "2Z", "metal shields on both sides", kAnyType},
    {"2Z", PK::kSeal, "2Z", "metal shields on both sides", kAnyType},
    {"ZR", PK::kSeal, "Z", "one metal shield (FAG)", kAnyType},
    {"2ZR", PK::kSeal, "2Z", "metal shields on both sides (FAG)", kAnyType},
    {"RS", PK::kSeal, "RS", "one contact seal", kAnyType},
    {"RS1", PK::kSeal, "RS", "one contact seal (SKF)", kAnyType},
    {"RSH", PK::kSeal, "RS", "one contact seal (SKF)", kAnyType},
    {"RSR", PK::kSeal, "RS", "one contact seal (FAG)", kAnyType},
    {"HRS", PK::kSeal, "RS", "one contact seal (FAG generation C)", kAnyType},
    {"DU", PK::kSeal, "RS", "one contact seal (NSK)", kAnyType},
    {"LU", PK::kSeal, "RS", "one contact seal (NTN)", kAnyType},
    {"NSE", PK::kSeal, "RS", "one contact seal (NACHI)", kAnyType},
    {"2RS", PK::kSeal, "2RS", "contact seals on both sides", kAnyType},
    {"2RS1", PK::kSeal, "2RS", "contact seals on both sides (SKF)", kAnyType},
    {"2RSH", PK::kSeal, "2RS", "contact seals on both sides (SKF)", kAnyType},
    {"2RSR", PK::kSeal, "2RS", "contact seals on both sides (FAG)", kAnyType},
    {"2HRS", PK::kSeal, "2RS", "contact seals on both sides (FAG generation C)", kAnyType},
    {"DDU", PK::kSeal, "2RS", "contact seals on both sides (NSK)", kAnyType},
    {"LLU", PK::kSeal, "2RS", "contact seals on both sides (NTN)", kAnyType},
    {"UU", PK::kSeal, "2RS", "contact seals on both sides (market spelling)", kAnyType},
    {"2NSE", PK::kSeal, "2RS", "contact seals on both sides (NACHI)", kAnyType},
    {"RZ", PK::kSeal, "RZ", "one low-friction (non-contact) seal", kAnyType},
    {"RSL", PK::kSeal, "RZ", "one low-friction seal (SKF)", kAnyType},
    {"V", PK::kSeal, "RZ", "one non-contact seal (NSK)", kRadialBall},
    {"LB", PK::kSeal, "RZ", "one non-contact seal (NTN)", kAnyType},
    {"RU", PK::kSeal, "RZ", "one non-contact seal (KOYO)", kAnyType},
    {"RD", PK::kSeal, "RZ", "one extra-light-contact seal (KOYO)", kAnyType},
    {"NKE", PK::kSeal, "RZ", "one non-contact seal (NACHI)", kAnyType},
    {"2RZ", PK::kSeal, "2RZ", "low-friction seals on both sides", kAnyType},
    {"2RSL", PK::kSeal, "2RZ", "low-friction seals on both sides (SKF)", kAnyType},
    {"VV", PK::kSeal, "2RZ", "non-contact seals on both sides (NSK)", kAnyType},
    {"LLB", PK::kSeal, "2RZ", "non-contact seals on both sides (NTN)", kAnyType},
    {"LLH", PK::kSeal, "2RZ", "low-torque seals on both sides (NTN)", kAnyType},
    {"2RU", PK::kSeal, "2RZ", "non-contact seals on both sides (KOYO)", kAnyType},
    {"2RD", PK::kSeal, "2RZ", "extra-light-contact seals on both sides (KOYO)", kAnyType},
    {"2NKE", PK::kSeal, "2RZ", "non-contact seals on both sides (NACHI)", kAnyType},
    {"2BRS", PK::kSeal, "2RZ", "low-friction seals on both sides (FAG)", kAnyType},
    {"ZN", PK::kSeal, "ZN", "one shield and a snap-ring groove", kAnyType},
    {"ZNR", PK::kSeal, "ZNR", "one shield, snap-ring groove with snap ring", kAnyType},
    {"2ZN", PK::kSeal, "2ZN", "two shields and a snap-ring groove", kAnyType},
    {"2ZNR", PK::kSeal, "2ZNR", "two shields, snap-ring groove with snap ring", kAnyType},
    {"ZZN", PK::kSeal, "2ZN", "two shields and a snap-ring groove", kAnyType},
    {"ZZNR", PK::kSeal, "2ZNR", "two shields, snap-ring groove with snap ring", kAnyType},
    // outer ring shape
    {"N", PK::kOuterShape, "N", "snap-ring groove in the outer ring", kBall},
    {"NR", PK::kOuterShape, "NR", "snap-ring groove with snap ring", kBall},
    // clearance
    {"C1", PK::kClearance, "C1", "radial internal clearance C1 (smaller than C2)", kAnyType},
    {"C2", PK::kClearance, "C2", "radial internal clearance smaller than normal", kAnyType},
    {"CN", PK::kClearance, "", "normal radial internal clearance", kAnyType},
    {"C0", PK::kClearance, "", "normal radial internal clearance", kAnyType},
    {"C3", PK::kClearance, "C3", "radial internal clearance greater than normal", kAnyType},
    {"C4", PK::kClearance, "C4", "radial internal clearance greater than C3", kAnyType},
    {"C5", PK::kClearance, "C5", "radial internal clearance greater than C4", kAnyType},
    {"CM", PK::kClearance, "CM", "electric-motor clearance (NSK, NTN, KOYO)", kAnyType},
    // precision
    {"P0", PK::kPrecision, "", "normal tolerance class", kAnyType},
    {"P6", PK::kPrecision, "P6", "tolerance class 6", kAnyType},
    {"P6X", PK::kPrecision, "P6X", "tolerance class 6X (tapered)", kAnyType},
    {"P5", PK::kPrecision, "P5", "tolerance class 5", kAnyType},
    {"P4", PK::kPrecision, "P4", "tolerance class 4", kAnyType},
    {"P4A", PK::kPrecision, "P4", "tolerance class 4 with class 2 running accuracy (SKF)", kAnyType},
    {"P2", PK::kPrecision, "P2", "tolerance class 2", kAnyType},
    {"P61", PK::kPrecision, "P6", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P62", PK::kPrecision, "P6", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P63", PK::kPrecision, "P6", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P64", PK::kPrecision, "P6", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P65", PK::kPrecision, "P6", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P51", PK::kPrecision, "P5", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P52", PK::kPrecision, "P5", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P53", PK::kPrecision, "P5", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P54", PK::kPrecision, "P5", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P55", PK::kPrecision, "P5", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P41", PK::kPrecision, "P4", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P42", PK::kPrecision, "P4", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P43", PK::kPrecision, "P4", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P44", PK::kPrecision, "P4", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P45", PK::kPrecision, "P4", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P21", PK::kPrecision, "P2", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P22", PK::kPrecision, "P2", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P23", PK::kPrecision, "P2", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P24", PK::kPrecision, "P2", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"P25", PK::kPrecision, "P2", "tolerance class + clearance (GB combined mark)", kAnyType},
    {"ABEC1", PK::kPrecision, "", "ABEC 1, about ISO normal class", kAnyType},
    {"ABEC3", PK::kPrecision, "P6", "ABEC 3, about ISO class 6", kAnyType},
    {"ABEC5", PK::kPrecision, "P5", "ABEC 5, about ISO class 5", kAnyType},
    {"ABEC7", PK::kPrecision, "P4", "ABEC 7, about ISO class 4", kAnyType},
    {"ABEC9", PK::kPrecision, "P2", "ABEC 9, about ISO class 2", kAnyType},
    // cages
    {"M", PK::kCage, "M", "machined brass cage", kAnyType},
    {"MA", PK::kCage, "MA", "machined brass cage, outer ring centred", kAnyType},
    {"MB", PK::kCage, "MB", "machined brass cage, inner ring centred", kAnyType},
    {"ML", PK::kCage, "M", "one-piece machined brass window cage (SKF)", kAnyType},
    {"MP", PK::kCage, "M", "machined brass window cage (SKF)", kAnyType},
    {"J", PK::kCage, "", "pressed steel cage (standard on tapered roller bearings)", kTap},
    {"J", PK::kCage, "J", "pressed steel cage", ~kTap},
    {"JP", PK::kCage, "J", "pressed steel cage (FAG)", kAnyType},
    {"W", PK::kCage, "J", "pressed steel cage (NSK)", kAnyType},
    {"YS", PK::kCage, "J", "pressed steel cage (KOYO)", kAnyType},
    {"Y", PK::kCage, "Y", "pressed brass cage", kAnyType},
    {"F", PK::kCage, "F", "machined steel cage", kAnyType},
    {"L", PK::kCage, "L", "light-alloy (aluminium) cage", kAnyType},
    {"FY", PK::kCage, "M", "machined brass cage (KOYO)", kAnyType},
    {"FG", PK::kCage, "M", "machined brass cage (KOYO)", kAnyType},
    {"FT", PK::kCage, "TN", "polyamide cage (KOYO)", kAnyType},
    {"L1", PK::kCage, "M", "machined brass cage (NTN)", kAnyType},
    {"F1", PK::kCage, "M", "machined cage (NTN)", kAnyType},
    {"YM", PK::kCage, "M", "brass cage (TIMKEN)", kAnyType},
    {"TN", PK::kCage, "TN", "glass-fibre reinforced polyamide cage", kAnyType},
    {"TN9", PK::kCage, "TN", "glass-fibre reinforced polyamide 66 cage (SKF)", kAnyType},
    {"TNH", PK::kCage, "TN", "glass-fibre reinforced PEEK cage (SKF)", kAnyType},
    {"TV", PK::kCage, "TN", "polyamide cage (FAG)", kAnyType},
    {"TVP", PK::kCage, "TN", "polyamide window cage (FAG)", kAnyType},
    {"TVP2", PK::kCage, "TN", "polyamide window cage (FAG)", kAnyType},
    {"TVPB", PK::kCage, "TN", "polyamide cage (FAG)", kAnyType},
    {"TVH", PK::kCage, "TN", "polyamide cage (FAG)", kAnyType},
    {"T", PK::kCage, "TN", "polyamide cage (NSK)", kNotAngular},
    {"T2", PK::kCage, "TN", "polyamide cage (NTN)", kAnyType},
    {"P", PK::kCage, "TN", "glass-fibre reinforced polyamide 66 cage (SKF)", kAnyType},
    {"l", PK::kCage, "M", "brass cage (old mark Л)", kAnyType},
    {"e", PK::kCage, "TN", "polyamide cage (old mark Е)", kAnyType},
    {"d", PK::kCage, "L", "aluminium cage (old mark Д)", kAnyType},
    {"g", PK::kCage, "F", "steel cage (old mark Г)", kAnyType},
    // internal design
    {"E", PK::kInternalDesign, "E", "reinforced internal design (higher load rating)", kNotAngular},
    {"E", PK::kContactAngle, "AC", "contact angle 25 degrees (NSK, older FAG)", kAngular},
    {"EC", PK::kInternalDesign, "E", "reinforced roller set (SKF EC)", kRoller | kRadialBall},
    {"EA", PK::kInternalDesign, "E", "high-capacity design (NSK / NTN EA)", kRoller},
    {"E1", PK::kInternalDesign, "E", "reinforced design (FAG E1)", kRoller},
    {"EX", PK::kInternalDesign, "E", "high-capacity design (NACHI EX)", kRoller},
    {"AEX", PK::kInternalDesign, "E", "high-capacity design (NACHI AEX)", kRoller},
    {"RHR", PK::kInternalDesign, "E", "high-capacity design, pressed steel cages (KOYO RHR)", kSph},
    {"RHA", PK::kInternalDesign, "CA", "machined brass cage design (KOYO RHA)", kSph},
    {"RR", PK::kInternalDesign, "E", "pressed steel cage design (KOYO RR)", kSph},
    {"RH", PK::kInternalDesign, "E", "pressed steel cage design (KOYO RH)", kSph},
    {"R", PK::kInternalDesign, "E", "high-capacity design (KOYO R)", kCyl},
    {"R", PK::kInternalDesign, "", "high-capacity design (KOYO R)", kTap},
    {"CA", PK::kInternalDesign, "CA", "machined brass cages and centre flange", kSph},
    {"CAC", PK::kInternalDesign, "CA", "machined brass cages, improved design (SKF CAC)", kSph},
    {"CC", PK::kInternalDesign, "CC", "pressed steel cages and floating guide ring", kSph},
    {"CD", PK::kInternalDesign, "CA", "machined brass cage design (NSK CD)", kSph},
    {"B", PK::kInternalDesign, "", "spherical roller design B (NTN)", kSph},
    {"C", PK::kInternalDesign, "", "generation C design (FAG)", kRadialBall},
    {"J2", PK::kInternalDesign, "", "pressed steel cage (SKF J2)", kTap},
    {"JR", PK::kInternalDesign, "", "pressed steel cage, high-capacity design (KOYO JR)", kTap},
    {"Q", PK::kOther, "", "optimised contact geometry and surface finish (SKF Q)", kTap},
    {"X", PK::kOther, "X", "boundary dimensions changed to ISO values", kTap | kCyl},
    {"XL", PK::kOther, "", "X-life performance (FAG)", kAnyType},
    // contact angles
    {"A", PK::kContactAngle, "A", "contact angle 30 degrees", kAngular},
    {"A5", PK::kContactAngle, "AC", "contact angle 25 degrees (NSK A5)", kAngular},
    {"AC", PK::kContactAngle, "AC", "contact angle 25 degrees", kAngular},
    {"B", PK::kContactAngle, "B", "contact angle 40 degrees", kAngular},
    {"BE", PK::kContactAngle, "B", "contact angle 40 degrees, optimised design (SKF BE)", kAngular},
    {"C", PK::kContactAngle, "C", "contact angle 15 degrees", kAngular},
    // matched sets
    {"DB", PK::kArrangement, "DB", "matched pair, back-to-back", kAnyType},
    {"DF", PK::kArrangement, "DF", "matched pair, face-to-face", kAnyType},
    {"DT", PK::kArrangement, "DT", "matched pair, tandem", kAnyType},
    {"CB", PK::kArrangement, "", "universally matchable, normal axial clearance (SKF CB)", kAngular},
    {"CA", PK::kArrangement, "", "universally matchable, small axial clearance (SKF CA)", kAngular},
    {"GA", PK::kArrangement, "", "universally matchable, light preload (SKF GA)", kAngular},
    {"GB", PK::kArrangement, "", "universally matchable, moderate preload (SKF GB)", kAngular},
    {"UO", PK::kArrangement, "", "universally matchable, zero clearance (FAG UO)", kAngular},
    {"UA", PK::kArrangement, "", "universally matchable, small axial clearance (FAG UA)", kAngular},
    {"SU", PK::kArrangement, "", "universally matchable (NSK SU)", kAngular},
    // heat stabilisation
    {"S0", PK::kHeatStabilisation, "S0", "rings heat-stabilised up to 150 C", kAnyType},
    {"S1", PK::kHeatStabilisation, "S1", "rings heat-stabilised up to 200 C", kAnyType},
    {"S2", PK::kHeatStabilisation, "S2", "rings heat-stabilised up to 250 C", kAnyType},
    {"S3", PK::kHeatStabilisation, "S3", "rings heat-stabilised up to 300 C", kAnyType},
    {"S4", PK::kHeatStabilisation, "S4", "rings heat-stabilised up to 350 C", kAnyType},
    // tapered bore
    {"K", PK::kTaperedBore, "K", "tapered bore, taper 1:12", kAnyType},
    {"K30", PK::kTaperedBore, "K30", "tapered bore, taper 1:30", kAnyType},
    // lubrication features
    {"W33", PK::kLubrication, "W33", "lubrication groove and three holes in the outer ring", kAnyType},
    {"W33X", PK::kLubrication, "W33", "lubrication groove and six holes in the outer ring (SKF)", kAnyType},
    {"W513", PK::kLubrication, "W33", "lubrication groove and holes, locating hole (SKF W513)", kAnyType},
    {"W20", PK::kLubrication, "W20", "three lubrication holes in the outer ring", kAnyType},
    {"W26", PK::kLubrication, "W26", "six lubrication holes in the inner ring", kAnyType},
    {"E4", PK::kLubrication, "W33", "lubrication groove and holes in the outer ring (NSK E4)", kSph},
    {"D1", PK::kLubrication, "W33", "lubrication groove and holes in the outer ring (NTN D1)", kSph},
    {"n", PK::kLubrication, "W33", "lubrication groove and holes (old mark Н)", kAnyType},
    // greases and special marks
    {"GJN", PK::kGrease, "GJN", "polyurea grease (SKF)", kAnyType},
    {"HT", PK::kGrease, "HT", "high-temperature grease", kAnyType},
    {"LT", PK::kGrease, "LT", "low-temperature grease", kAnyType},
    {"LHT23", PK::kGrease, "LHT23", "low/high-temperature grease (SKF)", kAnyType},
    {"MT33", PK::kGrease, "MT33", "lithium soap grease (SKF)", kAnyType},
    {"MT47", PK::kGrease, "MT47", "lithium soap grease (SKF)", kAnyType},
    {"WT", PK::kGrease, "WT", "wide-temperature grease (SKF)", kAnyType},
    {"GXN", PK::kGrease, "GXN", "polyurea grease (SKF)", kAnyType},
    {"2AS", PK::kGrease, "2AS", "lithium grease (NTN)", kAnyType},
    // numbered special variants (SKF), kept as written
    {"VA201", PK::kSpecial, "VA201", "special variant VA201 (SKF)", kAnyType},
    {"VA208", PK::kSpecial, "VA208", "special variant VA208 (SKF)", kAnyType},
    {"VA228", PK::kSpecial, "VA228", "special variant VA228 (SKF)", kAnyType},
    {"VA301", PK::kSpecial, "VA301", "special variant VA301 (SKF)", kAnyType},
    {"VA405", PK::kSpecial, "VA405", "special variant VA405 (SKF)", kAnyType},
    {"VA406", PK::kSpecial, "VA406", "special variant VA406 (SKF)", kAnyType},
    {"VT143", PK::kGrease, "VT143", "special grease VT143 (SKF)", kAnyType},
    {"VT162", PK::kGrease, "VT162", "special grease VT162 (SKF)", kAnyType},
    {"VT378", PK::kGrease, "VT378", "special grease VT378 (SKF)", kAnyType},
    // precision designs of machine-tool bearings
    {"CD", PK::kContactAngle, "C", "contact angle 15 degrees, precision design (SKF CD)", kAngular},
    {"ACD", PK::kContactAngle, "AC", "contact angle 25 degrees, precision design (SKF ACD)", kAngular},
    {"SP", PK::kPrecision, "SP", "special precision (dimensional ~P5, running ~P4)", kAnyType},
    {"UP", PK::kPrecision, "UP", "ultra precision (dimensional ~P4, running ~P2)", kAnyType},
    // GB vibration classes
    {"Z1", PK::kVibration, "Z1", "vibration class Z1", kAnyType},
    {"Z2", PK::kVibration, "Z2", "vibration class Z2", kAnyType},
    {"Z3", PK::kVibration, "Z3", "vibration class Z3", kAnyType},
    {"Z4", PK::kVibration, "Z4", "vibration class Z4", kAnyType},
    {"V1", PK::kVibration, "V1", "vibration class V1", kAnyType},
    {"V2", PK::kVibration, "V2", "vibration class V2", kAnyType},
    {"V3", PK::kVibration, "V3", "vibration class V3", kAnyType},
    {"V4", PK::kVibration, "V4", "vibration class V4", kAnyType},
};

struct SuffixIndex {
    std::array<std::vector<const SuffixDef*>, 256> by_first;
    SuffixIndex() {
        for (const auto& s : kSuffixes) by_first[static_cast<unsigned char>(s.code[0])].push_back(&s);
        for (auto& v : by_first) {
            std::stable_sort(v.begin(), v.end(),
                             [](const SuffixDef* a, const SuffixDef* b) { return a->code.size() > b->code.size(); });
        }
    }
};

const SuffixIndex& suffix_index() {
    static const SuffixIndex index;  // immutable after construction; thread-safe initialisation
    return index;
}

}  // namespace

std::span<const SeriesDef> numeric_series() { return kSeries; }

const SeriesDef* find_numeric_series(std::string_view code) {
    for (const auto& s : kSeries) {
        if (s.code == code) return &s;
    }
    return nullptr;
}

const SeriesDef* find_canonical_series(std::string_view canonical) {
    for (const auto& s : kSeries) {
        if (!s.japanese && s.canonical == canonical) return &s;
    }
    return nullptr;
}

const TypePrefixDef* find_type_prefix(std::string_view letters) {
    for (const auto& t : kTypePrefixes) {
        if (t.code == letters) return &t;
    }
    return nullptr;
}

std::span<const TypePrefixDef> type_prefixes() { return kTypePrefixes; }

std::string_view letter_series_dimension(std::string_view series) {
    if (series == "2") return "02";
    if (series == "3") return "03";
    if (series == "4") return "04";
    for (std::string_view s : {"10", "12", "19", "22", "23", "29", "30", "38", "39", "48", "49", "59", "69"}) {
        if (s == series) return s;
    }
    return {};
}

std::span<const SuffixDef* const> suffixes_starting_with(unsigned char c) {
    const auto& v = suffix_index().by_first[c];
    return {v.data(), v.size()};
}

std::span<const SuffixDef> all_suffixes() { return kSuffixes; }

double bore_from_code(int code) {
    switch (code) {
        case 0:
            return 10;
        case 1:
            return 12;
        case 2:
            return 15;
        case 3:
            return 17;
        default:
            break;
    }
    if (code >= 4 && code <= 96) return code * 5.0;
    return 0;
}

}  // namespace yandian::catalog::detail
