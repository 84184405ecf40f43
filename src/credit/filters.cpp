#include "credit/filters.hpp"

#include <fmt/format.h>

namespace yandian::credit {

std::vector<std::string> filter_reasons(const FilterInput& in, const FilterThresholds& t) {
    std::vector<std::string> out;
    if (in.iv < t.min_iv) out.push_back(fmt::format("IV {:.6g} below {:.6g}", in.iv, t.min_iv));
    if (in.missing_rate > t.max_missing_rate) {
        out.push_back(fmt::format("missing rate {:.6g} above {:.6g}", in.missing_rate, t.max_missing_rate));
    }
    if (in.identical_rate > t.max_identical_rate) {
        out.push_back(fmt::format("identical rate {:.6g} above {:.6g}", in.identical_rate, t.max_identical_rate));
    }
    return out;
}

}  // namespace yandian::credit
