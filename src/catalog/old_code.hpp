#pragma once
// Old Chinese designations (GB 272-88 and earlier, the Soviet seven-digit scheme of GOST 3189-89), read digit by
// digit from the right: 1-2 bore code, 3 diameter series, 4 type, 5-6 design variant, 7 width series.
// Internal to the catalog library.
#include <string_view>

#include "catalog/designation.hpp"

namespace yandian::catalog::detail {

// Decodes an all-digit old code into `des` (type, series, bore, parts). `position` is the byte offset used for
// the parts it adds. On failure returns false and sets `why` to a static explanation.
bool decode_old(std::string_view digits, uint16_t position, Designation& des, std::string_view& why);

}  // namespace yandian::catalog::detail
