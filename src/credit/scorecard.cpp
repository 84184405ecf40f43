#include "credit/scorecard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace yandian::credit {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::string> field_value(const std::string& raw) {
    const std::string_view t = trim(raw);
    if (t.empty() || t == "NA") return std::nullopt;
    return std::string(t);
}

tl::unexpected<Error> bad_input(std::string message, std::string field = {}) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// The outcomes of a set: true for bad. Fills `good_value` from the first set, checks it on the second.
Result<std::vector<int>> outcomes(const DataSet& set, std::size_t column, const std::string& target,
                                  const std::string& bad_value, std::string& good_value) {
    std::vector<int> out;
    const auto& t = *set.table;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto v = field_value(t.rows[r][column]);
        if (!v) {
            return bad_input(
                fmt::format("{} line {}, column '{}': the target is missing", set.source, t.row_lines[r], target),
                target);
        }
        if (*v == bad_value) {
            out.push_back(1);
            continue;
        }
        if (good_value.empty()) good_value = *v;
        if (*v != good_value) {
            return bad_input(fmt::format("{} line {}, column '{}': value '{}' is neither the bad value '{}' nor the "
                                         "good value '{}' (the target must hold exactly two values)",
                                         set.source, t.row_lines[r], target, *v, bad_value, good_value),
                             target);
        }
        out.push_back(0);
    }
    return out;
}

Result<std::size_t> column_of(const DataSet& set, const std::string& name, const char* role) {
    if (auto c = set.table->column(name)) return *c;
    std::string known;
    for (std::size_t i = 0; i < set.table->header.size(); ++i) known += (i ? ", " : "") + set.table->header[i];
    return bad_input(
        fmt::format("{}: no column '{}' ({}) in the header; columns are: {}", set.source, name, role, known), name);
}

// Bin index of every row of a set for a characteristic, or an error naming row, column and value.
Result<std::vector<std::size_t>> assign_bins(const DataSet& set, std::size_t column, const std::string& name,
                                             const Binning& binning) {
    const auto& t = *set.table;
    std::vector<std::size_t> out;
    out.reserve(t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto v = field_value(t.rows[r][column]);
        std::optional<std::size_t> bin;
        if (binning.kind == BinKind::kNumeric) {
            std::optional<double> x;
            if (v) {
                auto parsed = csv::parse_double(*v, t.row_lines[r], name);
                if (!parsed) {
                    return bad_input(fmt::format("{} line {}, column '{}': '{}' is not a number (the variable is "
                                                 "binned by numeric breaks)",
                                                 set.source, t.row_lines[r], name, *v),
                                     name);
                }
                x = *parsed;
            }
            bin = binning.bin_of_number(x);
        } else {
            bin = binning.bin_of_level(v);
        }
        if (!bin) {
            if (!v) {
                return bad_input(fmt::format("{} line {}, column '{}': value is missing, but the training data had no "
                                             "missing values for this variable, so it has no missing bin",
                                             set.source, t.row_lines[r], name),
                                 name);
            }
            return bad_input(fmt::format("{} line {}, column '{}': level '{}' is in no group of the variable",
                                         set.source, t.row_lines[r], name, *v),
                             name);
        }
        out.push_back(*bin);
    }
    return out;
}

// Classing of one characteristic on the training set.
Result<Binning> classing(const DataSet& train, std::size_t column, const VariableSpec& v, const std::vector<int>& bad,
                         const AutoBinningOptions& options) {
    const auto& t = *train.table;
    Binning b;
    bool any_missing = false;
    for (const auto& row : t.rows) any_missing = any_missing || !field_value(row[column]);
    b.missing_bin = any_missing;
    if (v.mode == BinningMode::kBreaks) {
        b.kind = BinKind::kNumeric;
        b.breaks = v.breaks;
    } else if (v.mode == BinningMode::kGroups) {
        b.kind = BinKind::kCategorical;
        b.groups = v.groups;
    } else {
        std::vector<double> numbers;
        std::vector<std::string> levels;
        std::vector<int> outcome;
        bool numeric = true;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto value = field_value(t.rows[r][column]);
            if (!value) continue;
            levels.push_back(*value);
            outcome.push_back(bad[r]);
            if (numeric) {
                auto x = csv::parse_double(*value, t.row_lines[r], v.name);
                if (x) {
                    numbers.push_back(*x);
                } else {
                    numeric = false;
                }
            }
        }
        if (levels.empty()) {
            return bad_input(fmt::format("{}: column '{}' has no values to bin", train.source, v.name), v.name);
        }
        auto automatic =
            numeric ? auto_bin_numeric(numbers, outcome, options) : auto_bin_categorical(levels, outcome, options);
        if (!automatic) {
            return bad_input(fmt::format("variable '{}': {}", v.name, automatic.error().message), v.name);
        }
        automatic->missing_bin = any_missing;
        b = std::move(*automatic);
    }
    if (auto st = validate(b, v.name); !st) return tl::unexpected(st.error());
    return b;
}

double identical_rate(const csv::Table& t, std::size_t column) {
    std::map<std::string, std::size_t> counts;
    std::size_t best = 0;
    for (const auto& row : t.rows) {
        if (auto v = field_value(row[column])) best = std::max(best, ++counts[*v]);
    }
    return t.rows.empty() ? 0 : static_cast<double>(best) / static_cast<double>(t.rows.size());
}

// Scores, probabilities and reasons of every row of a set.
SetResult score_set(const DataSet& set, const std::vector<int>& bad, const std::vector<std::vector<std::size_t>>& bins,
                    const ScorecardResult& r, std::size_t reason_limit) {
    SetResult out;
    const auto& model = r.model_variables;
    const std::size_t n = bad.size();
    std::vector<double> p_bad(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::size_t> row_bins;
        double eta = r.fit.coefficients[0];
        for (std::size_t m = 0; m < model.size(); ++m) {
            const std::size_t bin = bins[model[m]][i];
            row_bins.push_back(bin);
            eta += r.fit.coefficients[m + 1] * r.variables[model[m]].woe.bins[bin].woe;
        }
        RowScore rs;
        rs.row = i + 1;
        rs.line = set.table->row_lines[i];
        rs.bad = bad[i] != 0;
        rs.p_bad = logistic(eta);
        rs.score = score_of(r.card, row_bins);
        for (const auto& reason : reason_codes(r.card, row_bins, reason_limit)) {
            rs.reasons.push_back(r.variables[model[reason.characteristic]].name);
        }
        p_bad[i] = rs.p_bad;
        out.rows.push_back(std::move(rs));
    }
    if (auto d = discrimination(p_bad, bad)) out.metrics = *d;
    return out;
}

}  // namespace

Result<ScorecardResult> build_scorecard(const DataSet& train, const std::optional<DataSet>& test,
                                        const std::string& target, const std::string& bad_value,
                                        const ScorecardSpec& spec) {
    if (train.table == nullptr || (test && test->table == nullptr)) {
        return bad_input("scorecard: a data set has no table");
    }
    if (spec.variables.empty()) return bad_input("spec: no variables");
    if (auto st = validate(spec.auto_binning); !st) return tl::unexpected(st.error());
    if (auto c = scale_constants(spec.scaling); !c) return tl::unexpected(c.error());
    if (train.table->rows.empty()) return bad_input(fmt::format("{}: no data rows", train.source));
    if (test && test->table->rows.empty()) return bad_input(fmt::format("{}: no data rows", test->source));
    {
        std::set<std::string> names;
        for (const auto& v : spec.variables) {
            if (v.name == target) {
                return bad_input(fmt::format("spec: variable '{}' is the target column", v.name), v.name);
            }
            if (!names.insert(v.name).second) {
                return bad_input(fmt::format("spec: variable '{}' is named twice", v.name), v.name);
            }
        }
    }
    ScorecardResult r;
    r.target = target;
    r.bad_value = bad_value;
    auto train_target = column_of(train, target, "target");
    if (!train_target) return tl::unexpected(train_target.error());
    auto train_bad = outcomes(train, *train_target, target, bad_value, r.good_value);
    if (!train_bad) return tl::unexpected(train_bad.error());
    const auto n_bad = static_cast<std::size_t>(std::count(train_bad->begin(), train_bad->end(), 1));
    if (n_bad == 0 || r.good_value.empty()) {
        return bad_input(fmt::format("{}, column '{}': the training data needs both the bad value '{}' and one good "
                                     "value ({} bad of {} rows)",
                                     train.source, target, bad_value, n_bad, train_bad->size()),
                         target);
    }
    std::vector<int> test_bad;
    if (test) {
        auto c = column_of(*test, target, "target");
        if (!c) return tl::unexpected(c.error());
        auto o = outcomes(*test, *c, target, bad_value, r.good_value);
        if (!o) return tl::unexpected(o.error());
        test_bad = std::move(*o);
    }

    // Classing, WoE, filters.
    std::vector<std::vector<std::size_t>> train_bins;
    std::vector<std::vector<std::size_t>> test_bins;
    for (const auto& v : spec.variables) {
        auto col = column_of(train, v.name, "variable");
        if (!col) return tl::unexpected(col.error());
        auto binning = classing(train, *col, v, *train_bad, spec.auto_binning);
        if (!binning) return tl::unexpected(binning.error());
        auto bins = assign_bins(train, *col, v.name, *binning);
        if (!bins) return tl::unexpected(bins.error());
        VariableResult vr;
        vr.name = v.name;
        vr.mode = v.mode;
        vr.binning = *binning;
        vr.labels = binning->labels();
        std::vector<std::int64_t> good(binning->bin_count(), 0);
        std::vector<std::int64_t> badc(binning->bin_count(), 0);
        std::size_t missing = 0;
        for (std::size_t i = 0; i < bins->size(); ++i) {
            ((*train_bad)[i] ? badc : good)[(*bins)[i]] += 1;
            if (binning->missing_bin && (*bins)[i] == binning->value_bins()) ++missing;
        }
        auto woe = woe_table(good, badc);
        if (!woe) return bad_input(fmt::format("variable '{}': {}", v.name, woe.error().message), v.name);
        vr.woe = *woe;
        const double n = static_cast<double>(bins->size());
        vr.missing_rate = static_cast<double>(missing) / n;
        vr.identical_rate = identical_rate(*train.table, *col);
        if (spec.filter)
            vr.dropped_because = filter_reasons({vr.woe.iv, vr.missing_rate, vr.identical_rate}, *spec.filter);
        if (test) {
            auto tc = column_of(*test, v.name, "variable");
            if (!tc) return tl::unexpected(tc.error());
            auto tb = assign_bins(*test, *tc, v.name, *binning);
            if (!tb) return tl::unexpected(tb.error());
            vr.test_counts.assign(binning->bin_count(), 0);
            for (std::size_t b : *tb) ++vr.test_counts[b];
            std::vector<std::int64_t> train_counts(binning->bin_count());
            for (std::size_t k = 0; k < train_counts.size(); ++k) train_counts[k] = good[k] + badc[k];
            if (auto psi = stability_index(train_counts, vr.test_counts)) vr.psi = *psi;
            test_bins.push_back(std::move(*tb));
        }
        train_bins.push_back(std::move(*bins));
        r.variables.push_back(std::move(vr));
    }

    // Logistic regression of P(bad) on the WoE columns of the kept characteristics.
    std::vector<std::vector<double>> columns;
    std::vector<std::string> names;
    for (std::size_t j = 0; j < r.variables.size(); ++j) {
        if (!r.variables[j].dropped_because.empty()) continue;
        r.variables[j].model_index = r.model_variables.size();
        r.model_variables.push_back(j);
        std::vector<double> col;
        col.reserve(train_bins[j].size());
        for (std::size_t b : train_bins[j]) col.push_back(r.variables[j].woe.bins[b].woe);
        columns.push_back(std::move(col));
        names.push_back(r.variables[j].name);
    }
    if (r.model_variables.empty())
        return bad_input("spec: every variable was dropped by the filter; none left to model");
    auto fit = fit_logistic(columns, *train_bad, names);
    if (!fit) return tl::unexpected(fit.error());
    r.fit = *fit;

    // Card.
    std::vector<std::vector<double>> woe;
    for (std::size_t j : r.model_variables) {
        std::vector<double> w;
        for (const auto& b : r.variables[j].woe.bins) w.push_back(b.woe);
        woe.push_back(std::move(w));
    }
    const std::vector<double> slopes(r.fit.coefficients.begin() + 1, r.fit.coefficients.end());
    auto card = make_card(spec.scaling, r.fit.coefficients[0], slopes, woe);
    if (!card) return tl::unexpected(card.error());
    r.card = *card;
    for (std::size_t m = 0; m < r.model_variables.size(); ++m) {
        auto& vr = r.variables[r.model_variables[m]];
        vr.points = r.card.points[m];
        if (test) {
            std::vector<std::int64_t> train_counts;
            for (const auto& b : vr.woe.bins) train_counts.push_back(b.count);
            if (auto csi = characteristic_stability(train_counts, vr.test_counts, vr.points)) vr.csi = *csi;
        }
    }

    r.train = score_set(train, *train_bad, train_bins, r, spec.reasons);
    if (test) {
        r.test = score_set(*test, test_bad, test_bins, r, spec.reasons);
        std::vector<double> e;
        std::vector<double> a;
        for (const auto& row : r.train.rows) e.push_back(row.score);
        for (const auto& row : r.test->rows) a.push_back(row.score);
        auto psi = score_psi(e, a, spec.psi_bins);
        if (!psi) return tl::unexpected(psi.error());
        r.psi = *psi;
    }
    return r;
}

}  // namespace yandian::credit
