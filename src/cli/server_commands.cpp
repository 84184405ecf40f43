// `yandian serve` and `yandian demo`: the platform's HTTP server on a store.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/market_demo.hpp"
#include "app/market_service.hpp"
#include "app/spc_service.hpp"
#include "cli/commands.hpp"
#include "server/api.hpp"
#include "server/http_server.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct ServeOptions {
    std::string db = "sqlite:yandian.db";
    std::string listen = "127.0.0.1:8080";
    std::string web_root = YANDIAN_WEB_ROOT_DEFAULT;
    std::size_t body_limit = 1 << 20;
    int workers = 4;
    bool quiet = false;
};

struct DemoOptions {
    ServeOptions serve;
    std::string dir;
};

constexpr std::string_view kDemoLogin = "demo";
constexpr std::string_view kDemoPassword = "demo-yandian";

void setup_logging(bool quiet) {
    // Log lines: UTC time stamp, level, then a JSON object — greppable and machine-readable.
    auto logger = spdlog::stderr_logger_mt("yandian");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(quiet ? spdlog::level::warn : spdlog::level::info);
    spdlog::set_default_logger(logger);
}

int report(const Error& error) {
    std::cerr << "yandian: " << error.message;
    if (!error.field.empty()) std::cerr << " (" << error.field << ")";
    std::cerr << "\n";
    return exit_code(error.code);
}

int serve(const ServeOptions& options, const std::function<Status(app::AccountService&)>& seed) {
    setup_logging(options.quiet);
    server::ServerOptions server_options;
    if (auto ok = server::parse_listen_address(options.listen, server_options); !ok) return report(ok.error());
    server_options.body_limit = options.body_limit;
    server_options.worker_threads = options.workers;

    auto db = store::Database::open(options.db);
    if (!db) return report(db.error());
    app::Clock clock = [] { return std::chrono::system_clock::now(); };
    app::AccountService accounts(**db, app::AccountOptions{}, clock);
    app::LiveHub hub;
    app::SpcService spc(**db, hub, clock);
    app::MarketService market(**db, clock);
    if (seed) {
        if (auto ok = seed(accounts); !ok) return report(ok.error());
        auto market_demo = app::seed_market_demo(**db, accounts, market);
        if (!market_demo) return report(market_demo.error());
        std::cout << market_demo->banner << std::endl;
    }
    server::ApiOptions api_options;
    api_options.web_root = options.web_root;
    server::Services services{accounts, spc, hub};
    services.market = &market;
    server::Api api(services, api_options);
    server::HttpServer http(api, server_options);
    auto port = http.listen();
    if (!port) return report(port.error());
    std::string host = server_options.host.find(':') != std::string::npos ? "[" + server_options.host + "]"
                                                                          : server_options.host;
    std::cout << "Yandian listening on http://" << host << ":" << *port << std::endl;
    spdlog::info(R"({{"msg":"listening","address":"{}:{}","db":"{}"}})", host, *port, options.db.substr(0, 7));
    http.run();
    // The store closes when `db` goes out of scope, after every request has been answered.
    return 0;
}

// The demo organisation and its administrator, created once per demo store.
Status seed_demo(app::AccountService& accounts) {
    if (accounts.find_user_by_login(kDemoLogin)) return {};
    auto org = accounts.create_organisation("临清示范轴承有限公司 Linqing Demo Bearing Co.", app::OrgKind::kManufacturer);
    if (!org) return tl::unexpected(org.error());
    auto user = accounts.create_user(org->id, kDemoLogin, kDemoPassword, app::Role::kAdmin, "Demo Engineer 演示工程师");
    if (!user) return tl::unexpected(user.error());
    return {};
}

void add_serve_flags(CLI::App& cmd, ServeOptions& o) {
    cmd.add_option("--listen", o.listen, "HOST:PORT to listen on (port 0 = any free port)")
        ->envname("YANDIAN_LISTEN")
        ->capture_default_str();
    cmd.add_option("--web-root", o.web_root, "folder of the built web front end")
        ->envname("YANDIAN_WEB_ROOT")
        ->capture_default_str();
    cmd.add_option("--body-limit", o.body_limit, "largest accepted request body, bytes")
        ->envname("YANDIAN_BODY_LIMIT")
        ->capture_default_str();
    cmd.add_option("--workers", o.workers, "request-handling threads")->check(CLI::Range(1, 64))->capture_default_str();
    cmd.add_flag("--quiet", o.quiet, "log warnings and errors only");
}

}  // namespace

void register_server_commands(CLI::App& app, Action& action) {
    auto serve_options = std::make_shared<ServeOptions>();
    CLI::App* serve_cmd = app.add_subcommand("serve", "Run the platform's HTTP server");
    serve_cmd->add_option("--db", serve_options->db, "store: sqlite:PATH")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    add_serve_flags(*serve_cmd, *serve_options);
    serve_cmd->callback([&action, serve_options] {
        action = [serve_options] { return serve(*serve_options, nullptr); };
    });

    auto demo = std::make_shared<DemoOptions>();
    CLI::App* demo_cmd = app.add_subcommand("demo", "Run the server on a demo store with demo data");
    demo_cmd->add_option("--dir", demo->dir, "folder of the demo store (default: a new temporary folder)");
    add_serve_flags(*demo_cmd, demo->serve);
    demo_cmd->callback([&action, demo] {
        action = [demo] {
            std::string dir = demo->dir;
            if (dir.empty()) {
                std::string pattern = (std::filesystem::temp_directory_path() / "yandian-demo-XXXXXX").string();
                if (mkdtemp(pattern.data()) == nullptr) {
                    std::cerr << "yandian: cannot create a temporary folder\n";
                    return 1;
                }
                dir = pattern;
            }
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
            if (ec) {
                std::cerr << "yandian: cannot create " << dir << ": " << ec.message() << "\n";
                return 1;
            }
            ServeOptions options = demo->serve;
            options.db = "sqlite:" + (std::filesystem::path(dir) / "yandian.db").string();
            std::cout << "Demo store: " << dir << "\n"
                      << "Demo login: " << kDemoLogin << " / " << kDemoPassword << std::endl;
            return serve(options, seed_demo);
        };
    });
}

}  // namespace yandian::cli
