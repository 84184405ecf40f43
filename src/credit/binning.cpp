#include "credit/binning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "credit/woe.hpp"

namespace yandian::credit {

std::string format_number(double value) {
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

std::vector<std::string> Binning::labels() const {
    std::vector<std::string> out;
    if (kind == BinKind::kNumeric) {
        std::string lower = "-inf";
        for (double b : breaks) {
            const std::string upper = format_number(b);
            out.push_back("[" + lower + "," + upper + ")");
            lower = upper;
        }
        out.push_back("[" + lower + ",inf)");
    } else {
        for (const auto& g : groups) {
            std::string label;
            for (std::size_t i = 0; i < g.size(); ++i) label += (i ? "%,%" : "") + g[i];
            out.push_back(label);
        }
    }
    if (missing_bin) out.emplace_back("missing");
    return out;
}

std::optional<std::size_t> Binning::bin_of_number(std::optional<double> value) const {
    if (!value) return missing_bin ? std::optional<std::size_t>(value_bins()) : std::nullopt;
    // Left-closed: the number of breaks ≤ value is the bin.
    return static_cast<std::size_t>(std::upper_bound(breaks.begin(), breaks.end(), *value) - breaks.begin());
}

std::optional<std::size_t> Binning::bin_of_level(const std::optional<std::string>& level) const {
    if (!level) return missing_bin ? std::optional<std::size_t>(value_bins()) : std::nullopt;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (std::find(groups[g].begin(), groups[g].end(), *level) != groups[g].end()) return g;
    }
    return std::nullopt;
}

Status validate(const Binning& binning, const std::string& name) {
    if (binning.kind == BinKind::kNumeric) {
        for (std::size_t i = 0; i < binning.breaks.size(); ++i) {
            if (!std::isfinite(binning.breaks[i])) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("variable '{}': break {} is not a finite number", name, i + 1), name);
            }
            if (i > 0 && !(binning.breaks[i] > binning.breaks[i - 1])) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("variable '{}': breaks must increase strictly ({} after {})", name,
                                        format_number(binning.breaks[i]), format_number(binning.breaks[i - 1])),
                            name);
            }
        }
        return {};
    }
    if (binning.groups.empty()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("variable '{}': no groups", name), name);
    }
    std::set<std::string> seen;
    for (std::size_t g = 0; g < binning.groups.size(); ++g) {
        if (binning.groups[g].empty()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("variable '{}': group {} is empty", name, g + 1),
                        name);
        }
        for (const auto& level : binning.groups[g]) {
            if (!seen.insert(level).second) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("variable '{}': level '{}' is in more than one group", name, level), name);
            }
        }
    }
    return {};
}

Status validate(const AutoBinningOptions& options) {
    if (options.fine_classes < 2) {
        return fail(ErrorCode::kInvalidArgument, "automatic binning: fine_classes must be at least 2");
    }
    if (!(options.min_share >= 0 && options.min_share < 0.5)) {
        return fail(ErrorCode::kInvalidArgument, "automatic binning: min_share must be in [0, 0.5)");
    }
    if (options.max_bins < 1)
        return fail(ErrorCode::kInvalidArgument, "automatic binning: max_bins must be at least 1");
    return {};
}

namespace {

// A run of adjacent fine classes: [first, last] fine-class indices and their counts.
struct Block {
    std::size_t first = 0;
    std::size_t last = 0;
    std::int64_t good = 0;
    std::int64_t bad = 0;
    [[nodiscard]] std::int64_t count() const { return good + bad; }
    [[nodiscard]] double rate() const { return count() ? static_cast<double>(bad) / static_cast<double>(count()) : 0; }
};

Block join(const Block& a, const Block& b) { return {a.first, b.last, a.good + b.good, a.bad + b.bad}; }

// Bad rates compared by cross-multiplication, exactly in integers (products fit 64 bits below 3e9 rows).
int compare_rates(const Block& a, const Block& b) {
    const std::int64_t l = a.bad * b.count();
    const std::int64_t r = b.bad * a.count();
    return l < r ? -1 : (l > r ? 1 : 0);
}

double iv_of(const std::vector<Block>& blocks) {
    std::vector<std::int64_t> g;
    std::vector<std::int64_t> b;
    for (const auto& x : blocks) {
        g.push_back(x.good);
        b.push_back(x.bad);
    }
    auto t = woe_table(g, b);
    return t ? t->iv : 0.0;
}

// Pool adjacent violators: the bad rate strictly rising (rising = true) or strictly falling.
std::vector<Block> pava(const std::vector<Block>& fine, bool rising) {
    std::vector<Block> st;
    for (const auto& f : fine) {
        st.push_back(f);
        while (st.size() > 1) {
            const int c = compare_rates(st[st.size() - 2], st.back());
            const bool ok = rising ? c < 0 : c > 0;
            if (ok) break;
            Block merged = join(st[st.size() - 2], st.back());
            st.pop_back();
            st.back() = merged;
        }
    }
    return st;
}

std::vector<Block> coarse(const std::vector<Block>& fine, bool try_falling, const AutoBinningOptions& options) {
    std::vector<Block> blocks = pava(fine, true);
    if (try_falling) {
        std::vector<Block> falling = pava(fine, false);
        if (iv_of(falling) > iv_of(blocks)) blocks = std::move(falling);
    }
    std::int64_t n = 0;
    for (const auto& b : blocks) n += b.count();
    const double min_count = options.min_share * static_cast<double>(n);
    // Step 3: small or pure bins.
    while (blocks.size() > 1) {
        std::optional<std::size_t> worst;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto& b = blocks[i];
            const bool deficient = static_cast<double>(b.count()) < min_count || b.good == 0 || b.bad == 0;
            if (deficient && (!worst || b.count() < blocks[*worst].count())) worst = i;
        }
        if (!worst) break;
        const std::size_t i = *worst;
        std::size_t j = 0;
        if (i == 0) {
            j = 1;
        } else if (i + 1 == blocks.size()) {
            j = i - 1;
        } else {
            const double r = blocks[i].rate();
            const double dl = std::abs(r - blocks[i - 1].rate());
            const double dr = std::abs(r - blocks[i + 1].rate());
            j = dr < dl ? i + 1 : i - 1;
        }
        const std::size_t lo = std::min(i, j);
        blocks[lo] = join(blocks[lo], blocks[lo + 1]);
        blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(lo) + 1);
    }
    // Step 4: at most max_bins. After step 3 every bin has goods and bads, so no zero cell changes the totals and
    // the IV a merge loses is local: iv(i) + iv(i+1) − iv(i ∪ i+1).
    if (blocks.size() > options.max_bins) {
        double total_good = 0;
        double total_bad = 0;
        for (const auto& b : blocks) {
            total_good += static_cast<double>(b.good);
            total_bad += static_cast<double>(b.bad);
        }
        auto iv_part = [&](const Block& b) {
            const double pb = static_cast<double>(b.bad) / total_bad;
            const double pg = static_cast<double>(b.good) / total_good;
            return (pb - pg) * std::log(pb / pg);
        };
        while (blocks.size() > options.max_bins) {
            std::size_t best = 0;
            double best_loss = 0;
            for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
                const double loss =
                    iv_part(blocks[i]) + iv_part(blocks[i + 1]) - iv_part(join(blocks[i], blocks[i + 1]));
                if (i == 0 || loss < best_loss - 1e-12) {
                    best_loss = loss;
                    best = i;
                }
            }
            blocks[best] = join(blocks[best], blocks[best + 1]);
            blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(best) + 1);
        }
    }
    return blocks;
}

Status check_inputs(std::size_t values, std::size_t outcomes) {
    if (values != outcomes) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("automatic binning: {} values but {} outcomes", values, outcomes));
    }
    if (values == 0) return fail(ErrorCode::kInvalidArgument, "automatic binning: no values");
    return {};
}

}  // namespace

Result<Binning> auto_bin_numeric(std::span<const double> values, std::span<const int> is_bad,
                                 const AutoBinningOptions& options) {
    if (auto st = validate(options); !st) return tl::unexpected(st.error());
    if (auto st = check_inputs(values.size(), is_bad.size()); !st) return tl::unexpected(st.error());
    for (double v : values) {
        if (!std::isfinite(v)) return fail(ErrorCode::kInvalidArgument, "automatic binning: a value is not finite");
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    std::vector<double> cuts;
    for (std::size_t k = 1; k < options.fine_classes; ++k) {
        const double q = sorted[k * n / options.fine_classes];
        if (q > sorted.front() && (cuts.empty() || q > cuts.back())) cuts.push_back(q);
    }
    std::vector<Block> fine(cuts.size() + 1);
    for (std::size_t i = 0; i < fine.size(); ++i) fine[i].first = fine[i].last = i;
    for (std::size_t i = 0; i < n; ++i) {
        const auto bin = static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), values[i]) - cuts.begin());
        (is_bad[i] != 0 ? fine[bin].bad : fine[bin].good) += 1;
    }
    const std::vector<Block> blocks = coarse(fine, true, options);
    Binning out;
    out.kind = BinKind::kNumeric;
    for (std::size_t b = 1; b < blocks.size(); ++b) out.breaks.push_back(cuts[blocks[b].first - 1]);
    return out;
}

Result<Binning> auto_bin_categorical(std::span<const std::string> levels, std::span<const int> is_bad,
                                     const AutoBinningOptions& options) {
    if (auto st = validate(options); !st) return tl::unexpected(st.error());
    if (auto st = check_inputs(levels.size(), is_bad.size()); !st) return tl::unexpected(st.error());
    std::map<std::string, Block> by_level;
    for (std::size_t i = 0; i < levels.size(); ++i)
        (is_bad[i] != 0 ? by_level[levels[i]].bad : by_level[levels[i]].good) += 1;
    std::vector<std::pair<std::string, Block>> ordered(by_level.begin(), by_level.end());
    // Ordered by bad rate, then by level (std::map order already sorts levels; stable_sort keeps it on ties).
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return compare_rates(a.second, b.second) < 0; });
    std::vector<Block> fine;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        Block b = ordered[i].second;
        b.first = b.last = i;
        fine.push_back(b);
    }
    const std::vector<Block> blocks = coarse(fine, false, options);
    Binning out;
    out.kind = BinKind::kCategorical;
    for (const auto& b : blocks) {
        std::vector<std::string> group;
        for (std::size_t i = b.first; i <= b.last; ++i) group.push_back(ordered[i].first);
        out.groups.push_back(std::move(group));
    }
    return out;
}

}  // namespace yandian::credit
