#pragma once
// JSON answers of the catalogue, shared by the `yandian bearing` command and the HTTP API:
//   GET /api/v1/bearings/{designation}  -> show_json
//   GET /api/v1/bearings?size=25x52x15  -> search_json
//   GET /api/v1/bearings?q=prefix       -> typeahead_json
// Errors come back as Result with the message naming the part not understood and field = its position.
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "catalog/catalog.hpp"
#include "common/result.hpp"

namespace yandian::catalog {

// The catalogue of the tables compiled into the binary, loaded once (thread-safe, immutable).
const Catalog& default_catalog();

[[nodiscard]] Result<nlohmann::json> show_json(const Catalog& cat, std::string_view designation);
[[nodiscard]] Result<nlohmann::json> search_json(const Catalog& cat, std::string_view size_query);
nlohmann::json typeahead_json(const Catalog& cat, std::string_view prefix, size_t limit = 20);
[[nodiscard]] Result<nlohmann::json> life_json(const Catalog& cat, std::string_view designation, double fr_n,
                                               double fa_n, double rpm, double a_iso = 1);

// Rolling-element geometry of a designation: the published row when bundled, otherwise estimated from the
// boundary dimensions (Geometry::estimated says which). Fails naming the designation when neither exists.
[[nodiscard]] Result<Geometry> rolling_geometry(const Catalog& cat, std::string_view designation);

}  // namespace yandian::catalog
