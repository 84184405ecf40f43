// `yandian credit scorecard`: reads the training (and test) CSV and the spec, runs the scorecard pipeline of the
// credit core, prints the result as JSON or as a readable card.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "common/csv.hpp"
#include "common/result.hpp"
#include "credit/scorecard.hpp"
#include "credit/scorecard_json.hpp"

namespace yandian::cli {
namespace {

int report(const Error& e) {
    std::cerr << "yandian credit: " << e.message << "\n";
    return exit_code(e.code);
}

Result<std::string> read_text(const std::string& path, const char* option) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kInvalidArgument, fmt::format("{}: cannot read file '{}'", option, path), option);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result<csv::Table> read_csv(const std::string& path, const char* option) {
    auto text = read_text(path, option);
    if (!text) return tl::unexpected(text.error());
    auto table = csv::parse(*text);
    if (!table) return fail(ErrorCode::kInvalidArgument, path + ": " + table.error().message, table.error().field);
    return table;
}

struct ScorecardOpts {
    std::string data;
    std::string test;
    std::string target;
    std::string bad;
    std::string spec;
    std::string format = "json";
};

int run_scorecard(const ScorecardOpts& o) {
    auto spec_text = read_text(o.spec, "--spec");
    if (!spec_text) return report(spec_text.error());
    auto spec = credit::parse_spec(*spec_text);
    if (!spec) return report(Error{spec.error().code, o.spec + ": " + spec.error().message, spec.error().field});
    auto train = read_csv(o.data, "--data");
    if (!train) return report(train.error());
    std::optional<csv::Table> test;
    if (!o.test.empty()) {
        auto t = read_csv(o.test, "--test");
        if (!t) return report(t.error());
        test = std::move(*t);
    }
    std::optional<credit::DataSet> test_set;
    if (test) test_set = credit::DataSet{&*test, o.test};
    auto result = credit::build_scorecard(credit::DataSet{&*train, o.data}, test_set, o.target, o.bad, *spec);
    if (!result) return report(result.error());
    if (o.format == "text") {
        std::cout << credit::card_text(*result, *spec);
    } else {
        std::cout << json_text(credit::to_json(*result, *spec), 2) << "\n";
    }
    return 0;
}

}  // namespace

void register_credit_commands(CLI::App& app, Action& action) {
    auto* credit = app.add_subcommand("credit", "Credit scoring: scorecards from outcome data");
    credit->require_subcommand(1);
    auto o = std::make_shared<ScorecardOpts>();
    auto* sc = credit->add_subcommand(
        "scorecard", "Build a scorecard: classing, WoE/IV, logistic regression of P(bad), points, KS/AUC/Gini, PSI");
    sc->add_option("--data", o->data, "Training CSV (header row, one applicant per row)")->required();
    sc->add_option("--test", o->test, "Test CSV with the same columns, scored with the training card");
    sc->add_option("--target", o->target, "Outcome column")->required();
    sc->add_option("--bad", o->bad, "Value of the outcome column that marks a bad")->required();
    sc->add_option("--spec", o->spec, "Spec JSON: variables with breaks/groups (or none = automatic) and scaling")
        ->required();
    sc->add_option("--format", o->format, "json or text")->check(CLI::IsMember({"json", "text"}));
    sc->callback([o, &action] { action = [o] { return run_scorecard(*o); }; });
}

}  // namespace yandian::cli
