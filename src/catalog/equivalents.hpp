#pragma once
// Brand spellings of one bearing: SKF, FAG, NSK, NTN, KOYO, NACHI, TIMKEN, and the old Chinese code.
#include <string>
#include <vector>

#include "catalog/designation.hpp"

namespace yandian::catalog {

struct Equivalent {
    std::string system;  // "GB", "SKF", "FAG", "NSK", "NTN", "KOYO", "NACHI", "TIMKEN", "GB-old"
    std::string designation;
    bool verified = true;  // false when a mapping used follows trade convention not checked in a primary source
};

// One spelling per system for the features the designation carries. Features a brand has no code for in the
// bundled suffix table are written in GB form and the entry is marked unverified.
std::vector<Equivalent> equivalents(const Designation& des);

}  // namespace yandian::catalog
