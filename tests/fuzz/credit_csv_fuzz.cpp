// Fuzzes the scorecard's CSV input path: any text read as a training table (columns x, g, y; y = "1" is bad) is
// either scored — every row gets a finite score and a probability in [0, 1] — or refused with a message.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/csv.hpp"
#include "credit/scorecard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto table = yandian::csv::parse(text);
    if (!table) return 0;
    using namespace yandian::credit;
    ScorecardSpec spec;
    VariableSpec x;
    x.name = "x";  // automatic: numeric or categorical, whichever the column holds
    VariableSpec g;
    g.name = "g";
    g.mode = BinningMode::kBreaks;
    g.breaks = {0, 10};
    spec.variables = {x, g};
    spec.auto_binning.fine_classes = 5;
    auto r = build_scorecard({&*table, "fuzz.csv"}, DataSet{&*table, "fuzz.csv"}, "y", "1", spec);
    if (!r) {
        if (r.error().message.empty()) std::abort();
        return 0;
    }
    for (const auto& row : r->train.rows) {
        if (!std::isfinite(row.score) || !(row.p_bad >= 0 && row.p_bad <= 1)) std::abort();
    }
    if (r->train.metrics && !(r->train.metrics->auc >= 0 && r->train.metrics->auc <= 1)) std::abort();
    return 0;
}
