// `yandian bearing show|search|life`: thin adapter over the catalogue's JSON answers (catalog/catalog_json.hpp).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog_json.hpp"
#include "cli/commands.hpp"

namespace yandian::cli {

namespace {

int report_error(const Error& e) {
    std::cerr << "error: " << e.message;
    if (!e.field.empty()) std::cerr << " [" << e.field << "]";
    std::cerr << "\n";
    return exit_code(e.code);
}

std::string text_value(const nlohmann::json& v) {
    if (v.is_null()) return "-";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

bool has_value(const nlohmann::json& j, const char* key) { return j.contains(key) && !j[key].is_null(); }

// The legend of the housing letters as each NSK unit table uses them (data/housed_unit.csv).
const char* housing_legend(const std::string& unit) {
    if (unit.rfind("UCFL", 0) == 0) {
        return "H flange length, L flange width, J bolt spacing, A overall width, N bolt hole diameter";
    }
    if (unit.rfind("UCF", 0) == 0) return "L flange side, J bolt spacing, A overall width, N bolt hole diameter";
    if (unit.rfind("UCP", 0) == 0) return "H shaft centre height, L length, J bolt spacing, A width, N bolt hole width";
    return "";
}

// Boundary dimensions by type: tapered roller bearings (metric and inch cone/cup sets) give the total width T and
// the cone and cup widths B and C; RNA needle bearings have no inner ring, so d is the roller set bore Fw; insert
// bearings and housed units give the inner ring width B and the set screw distance S, D stays unknown (null).
void print_dimensions_text(const nlohmann::json& j) {
    const std::string type = j["type"].is_string() ? j["type"].get<std::string>() : std::string();
    const std::string basic = j["basic"].is_string() ? j["basic"].get<std::string>() : std::string();
    const std::string r_min = ", r_min " + text_value(j["r_min"]);
    if (type == "tapered_roller" || type == "tapered_roller_inch") {
        std::cout << "  d x D x T        " << text_value(j["d"]) << " x " << text_value(j["D"]) << " x "
                  << text_value(j["T"]) << " mm" << r_min << "\n";
        std::cout << "  B / C            " << text_value(j["B"]) << " / " << text_value(j["C_width"])
                  << " mm (cone width / cup width)\n";
        return;
    }
    if (type == "insert_ball" || type == "housed_unit") {
        std::cout << "  d x D x B        " << text_value(j["d"]) << " x " << text_value(j["D"]) << " x "
                  << text_value(j["B"]) << " mm" << r_min << (j["D"].is_null() ? " (D not listed in the source)" : "")
                  << "\n";
        std::cout << "  S                " << text_value(j["S"])
                  << " mm (inner ring face to ball centre line, the side away from the set screws)\n";
        if (has_value(j, "housing")) {
            const auto& h = j["housing"];
            const std::string unit = h["unit"].is_string() ? h["unit"].get<std::string>() : basic;
            std::cout << "  housing " << unit << std::string(unit.size() < 9 ? 9 - unit.size() : 1, ' ');
            const char* sep = "";
            for (const char* key : {"H", "H1", "L", "J", "A", "A1", "N"}) {
                if (!has_value(h, key)) continue;
                std::cout << sep << key << " " << text_value(h[key]);
                sep = ", ";
            }
            std::cout << " mm";
            if (has_value(h, "bolt")) std::cout << ", bolt " << text_value(h["bolt"]);
            std::cout << "\n";
            const char* legend = housing_legend(unit);
            if (*legend != '\0') std::cout << "                   " << legend << "\n";
            if (has_value(h, "source")) std::cout << "                   source: " << text_value(h["source"]) << "\n";
        }
        return;
    }
    const bool no_inner_ring = type == "needle_roller" && basic.rfind("RNA", 0) == 0;
    std::cout << (no_inner_ring ? "  Fw x D x B       " : "  d x D x B/T      ") << text_value(j["d"]) << " x "
              << text_value(j["D"]) << " x " << text_value(j["B"].is_null() ? j["T"] : j["B"]) << " mm" << r_min
              << (no_inner_ring ? " (no inner ring: d = Fw, roller set bore)" : "") << "\n";
}

void print_show_text(const nlohmann::json& j) {
    std::cout << j["canonical"].get<std::string>() << "  (" << j["type_label"].get<std::string>() << ")\n";
    print_dimensions_text(j);
    std::cout << "  seal / cage      " << text_value(j["seal"]) << " / " << text_value(j["cage"]) << "\n";
    std::cout << "  clearance / prec " << text_value(j["clearance"]) << " / " << text_value(j["precision"]) << "\n";
    std::cout << "  C / C0           " << text_value(j["C_kN"]) << " / " << text_value(j["C0_kN"]) << " kN"
              << (j["estimated"] == true ? " (estimated, ISO 281/76)" : "")
              << (j["rating_brand"].is_string() ? " (" + j["rating_brand"].get<std::string>() + ")" : "") << "\n";
    std::cout << "  equivalents\n";
    for (const auto& e : j["equivalents"]) {
        std::cout << "    " << e["system"].get<std::string>()
                  << std::string(8 - std::min<size_t>(8, e["system"].get<std::string>().size()), ' ')
                  << e["designation"].get<std::string>() << (e["verified"] == true ? "" : "  (unverified)") << "\n";
    }
    for (const auto& w : j["warnings"]) std::cout << "  note: " << w.get<std::string>() << "\n";
}

}  // namespace

void register_bearing_commands(CLI::App& app, Action& action) {
    auto* bearing = app.add_subcommand("bearing", "Bearing designations, dimensions, equivalents, ratings and life");
    bearing->require_subcommand(1);

    struct ShowOpts {
        std::string designation;
        std::string format = "json";
    };
    auto show_opts = std::make_shared<ShowOpts>();
    auto* show =
        bearing->add_subcommand("show", "Read a designation: canonical form, dimensions, ratings, equivalents");
    show->add_option("designation", show_opts->designation, "Designation in any brand's spelling, e.g. 6205-2RSH/C3")
        ->required();
    show->add_option("--format", show_opts->format, "json or text")->check(CLI::IsMember({"json", "text"}));
    show->callback([show_opts, &action] {
        action = [show_opts] {
            auto r = catalog::show_json(catalog::default_catalog(), show_opts->designation);
            if (!r) return report_error(r.error());
            if (show_opts->format == "text") {
                print_show_text(*r);
            } else {
                std::cout << r->dump(2) << "\n";
            }
            return 0;
        };
    });

    auto query = std::make_shared<std::string>();
    auto prefix = std::make_shared<bool>(false);
    auto* search = bearing->add_subcommand("search", "Find bearings by size (25x52x15, 内径25 外径52) or by prefix");
    search->add_option("query", *query, "Size d x D x width, or a designation prefix with --prefix")->required();
    search->add_flag("--prefix", *prefix, "Type-ahead: the 20 catalogue designations starting with the query");
    search->callback([query, prefix, &action] {
        action = [query, prefix] {
            if (*prefix) {
                std::cout << catalog::typeahead_json(catalog::default_catalog(), *query).dump(2) << "\n";
                return 0;
            }
            auto r = catalog::search_json(catalog::default_catalog(), *query);
            if (!r) return report_error(r.error());
            std::cout << r->dump(2) << "\n";
            return 0;
        };
    });

    struct LifeOpts {
        std::string designation;
        double fr = 0;
        double fa = 0;
        double rpm = 0;
        double a_iso = 1;
    };
    auto life_opts = std::make_shared<LifeOpts>();
    auto* life = bearing->add_subcommand("life", "Basic rating life L10 (ISO 281) and defect frequencies");
    life->add_option("designation", life_opts->designation, "Designation")->required();
    life->add_option("--fr", life_opts->fr, "Radial load Fr in N")->default_val(0);
    life->add_option("--fa", life_opts->fa, "Axial load Fa in N")->default_val(0);
    life->add_option("--rpm", life_opts->rpm, "Speed in rev/min")->required();
    life->add_option("--a-iso", life_opts->a_iso, "Life modification factor a_ISO (default 1)")->default_val(1);
    life->callback([life_opts, &action] {
        action = [life_opts] {
            auto r = catalog::life_json(catalog::default_catalog(), life_opts->designation, life_opts->fr,
                                        life_opts->fa, life_opts->rpm, life_opts->a_iso);
            if (!r) return report_error(r.error());
            std::cout << r->dump(2) << "\n";
            return 0;
        };
    });
}

}  // namespace yandian::cli
