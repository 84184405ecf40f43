#pragma once
// The bundled catalogue: boundary-dimension tables (ISO 15, ISO 355, ISO 104, inch tapered cone/cup sets), published
// ratings per brand and rolling-element geometry, loaded from CSV text (the tables of data/, compiled into the
// library), plus the list of basic designations they cover for size search and type-ahead.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/designation.hpp"
#include "catalog/ratings.hpp"
#include "common/result.hpp"

namespace yandian::catalog {

// Boundary dimensions in mm; 0 = not applicable or not known.
struct Dimensions {
    double d = 0;
    double D = 0;
    double B = 0;          // width (radial), cone width (tapered)
    double T = 0;          // total width (tapered)
    double C = 0;          // cup width (tapered)
    double H = 0;          // height (thrust)
    double r_min = 0;      // chamfer r_s min
    double S = 0;          // insert bearings: ball centre line to the inner ring face on the side without set screws
    bool checked = false;  // false for rows of the tables marked unchecked
    std::string source;
};

// Main dimensions of the housing of a housed bearing unit (UCP, UCF, UCFL), mm; 0 = not listed.
struct HousingDimensions {
    std::string unit;  // "UCP205"
    double H = 0;      // UCP: shaft centre height; UCFL: flange length
    double L = 0;
    double J = 0;   // bolt spacing
    double A = 0;   // width
    double N = 0;   // bolt hole (take-up frames: adjusting-bolt hole)
    double H1 = 0;  // take-up frames: distance between the guide grooves
    double A1 = 0;  // take-up frames: guide groove width
    std::string bolt;
    std::string source;
};

struct CatalogEntry {
    std::string designation;  // basic designation, canonical ("6205", "NU2205", "30205", "618/6")
    std::string key;          // type-ahead key: designation without separators, upper case
    BearingType type = BearingType::kDeepGrooveBall;
    Dimensions dims;
};

struct PublishedRating {
    std::string designation;  // basic designation
    std::string design;       // canonical internal design / contact angle code of the rated variant
    std::string brand;
    double c_kn = 0;
    double c0_kn = 0;
    std::string source;
};

struct TableInput {
    std::string_view name;  // "iso15_radial", "iso355_tapered", ... (file name without .csv)
    std::string_view text;
};

struct SizeQuery {
    double d = 0;
    double D = 0;      // 0 = any
    double width = 0;  // 0 = any (B, T or H)
};

// "25x52x15", "25*52*15", "25×52×15", "25 52 15", "内径25 外径52", "d=25 D=52 B=15".
[[nodiscard]] Result<SizeQuery> parse_size_query(std::string_view text);

class Catalog {
  public:
    // Loads the tables; errors name the table, line and field.
    [[nodiscard]] static Result<Catalog> load(std::span<const TableInput> tables);

    std::optional<Dimensions> dimensions(const Designation& des) const;
    // Housing main dimensions of a housed unit (UCP205, UCFL208-24 ...), if bundled.
    std::optional<HousingDimensions> housing(const Designation& des) const;
    // Published ratings of one basic designation (all brands and designs).
    std::vector<const PublishedRating*> ratings(std::string_view basic) const;
    // Published rolling-element geometry of a basic designation, if bundled.
    std::optional<Geometry> geometry(std::string_view basic) const;

    const std::vector<CatalogEntry>& entries() const { return entries_; }
    std::vector<const CatalogEntry*> by_size(const SizeQuery& q) const;
    // Up to `limit` entries whose key starts with the normalised prefix, in key order (exact match first).
    std::vector<const CatalogEntry*> typeahead(std::string_view prefix, size_t limit) const;

  private:
    std::optional<Dimensions> inch_dimensions(std::string_view set) const;

    struct RadialRow {
        std::string dim_series;
        Dimensions dims;
    };
    struct TaperedRow {
        std::string series;
        Dimensions dims;
    };
    struct NeedleRow {
        std::string series;  // "49", "59", "69", "48"
        double fw = 0;       // roller inscribed circle
        Dimensions dims;     // d = inner ring bore, D, B
    };
    struct CupCageRow {
        std::string designation;  // "HK2016", "BK2016", "NK25/20", "NKI25/20"
        double fw = 0;            // roller inscribed circle
        Dimensions dims;          // d = inner ring bore (NKI) or Fw (HK, BK, NK), D, B = width
    };
    struct InsertRow {
        std::string series;         // "2"
        std::string code;           // "05"
        Dimensions dims;            // d, B, S (and D in the FYH table)
        std::string prefix = "UC";  // "UC", "SB", "SA", "UK"
    };
    struct UnitRow {
        std::string code;  // "05"
        HousingDimensions housing;
    };
    struct InchRow {
        std::string cone;
        std::string cup;
        Dimensions dims;
    };
    struct GeometryRow {
        std::string designation;
        Geometry geometry;
    };
    std::vector<RadialRow> radial_;
    std::vector<RadialRow> thrust_;
    std::vector<TaperedRow> tapered_;
    std::vector<InchRow> inch_;
    std::vector<NeedleRow> needle_;
    std::vector<CupCageRow> cup_cage_;
    std::vector<InsertRow> inserts_;
    std::vector<InsertRow> inserts_fyh_;
    std::vector<UnitRow> units_;
    std::vector<PublishedRating> ratings_;
    std::vector<GeometryRow> geometry_;
    std::vector<CatalogEntry> entries_;
    std::vector<std::pair<std::string, size_t>> keys_;  // sorted type-ahead keys (with aliases) -> entry index

    void build_entries();
};

// Bore code for a bore diameter in a series ("05" for 25, "8" for 8 in series allowing one digit, "/22").
std::string bore_code_for(double d, bool small_bore_digit, bool slash_for_small);

}  // namespace yandian::catalog
