// `yandian serve` and `yandian demo`: the platform's HTTP server on a store, with the MQTT acquisition path, the
// alarm webhook and (demo) a simulated grinding line.
#include <MQTTClient.h>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/monitor/furnace_demo.hpp"
#include "app/monitor/furnace_service.hpp"
#include "app/monitor/monitor_service.hpp"
#include "app/stats/returns_service.hpp"
#include "app/quality/quality_demo.hpp"
#include "app/quality/quality_service.hpp"
#include "app/stats/stats_service.hpp"
#include "app/accounts.hpp"
#include "app/alarm_webhook.hpp"
#include "app/credit/credit_service.hpp"
#include "app/credit/receivable_service.hpp"
#include "app/demo_line.hpp"
#include "app/live_hub.hpp"
#include "app/market_demo.hpp"
#include "app/market_offers.hpp"
#include "app/market_service.hpp"
#include "app/mqtt_ingest.hpp"
#include "app/spc_service.hpp"
#include "app/utc_time.hpp"
#include "cli/commands.hpp"
#include "ingest/modbus_poller.hpp"
#include "ingest/payload.hpp"
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
    std::size_t record_limit = 64u << 20;
    int workers = 4;
    bool quiet = false;
    std::string mqtt_broker;  // empty: no MQTT acquisition
    std::string mqtt_prefix = "yandian";
    std::string mqtt_client_id = "yandian-ingest";
    std::string mqtt_spool;  // default: beside the database file
    std::string alarm_webhook;
    std::vector<std::string> modbus_configs;  // one JSON file per Modbus TCP device (docs/ingest/modbus.md)
    std::string credit_operator;  // the filed enterprise credit agency running the deployment (docs/credit/legal.md)
};

struct DemoOptions {
    ServeOptions serve;
    std::string dir;
    bool no_simulation = false;
    int period_ms = 1000;
    double history_hours = 2.0;
};

constexpr std::string_view kDemoLogin = "demo";
constexpr std::string_view kDemoPassword = "demo-yandian";
constexpr std::string_view kCustomerLogin = "customer";
constexpr std::string_view kCustomerPassword = "customer-demo";
constexpr std::string_view kDemoLine = "grind-3";
constexpr std::string_view kDemoOrgCode = "demo";  // the demo plant's code in MQTT topics and commands

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

std::string sqlite_path(std::string_view db) {
    constexpr std::string_view kScheme = "sqlite:";
    return db.substr(0, kScheme.size()) == kScheme ? std::string(db.substr(kScheme.size())) : std::string();
}

// What `demo` adds to a running platform: its store objects and, when simulating, the line.
struct DemoWorld {
    app::Principal engineer;
    std::string org_ref;  // how the demo line names its organisation in MQTT topics: its code, or its id
    std::int64_t line_id = 0;
    std::int64_t raceway_id = 0;
    std::int64_t history_parts = 0;
    bool furnace = false;  // the heat-treatment line ht-1 with its furnace zones exists
};

struct Running {
    const Clock& clock;
    store::Database& db;
    app::AccountService& accounts;
    app::SpcService& spc;
    app::LiveHub& hub;
};

using Seed = std::function<Result<std::optional<DemoWorld>>(Running&)>;
using Simulate = std::function<std::unique_ptr<app::DemoLine>(Running&, const DemoWorld&, const ServeOptions&)>;

int serve(const ServeOptions& options, const Clock& clock, const Seed& seed, const Simulate& simulate) {
    setup_logging(options.quiet);
    server::ServerOptions server_options;
    if (auto ok = server::parse_listen_address(options.listen, server_options); !ok) return report(ok.error());
    server_options.body_limit = options.body_limit;
    server_options.upload_limits = {{"/api/v1/monitor/", options.record_limit}};
    server_options.worker_threads = options.workers;

    // `serve` runs on an initialised store: a mistyped path would otherwise start an empty platform on a new file,
    // where every login fails without a hint. (`demo` makes its own store.)
    const std::string init_hint =
        fmt::format("run `yandian init --db {} --org NAME --kind manufacturer --admin LOGIN` first", options.db);
    if (!seed) {
        const std::string path = sqlite_path(options.db);
        if (!path.empty() && !std::filesystem::exists(path)) {
            return report(
                Error{ErrorCode::kNotFound, fmt::format("there is no store at {}; {}", path, init_hint), "db"});
        }
    }
    auto db = store::Database::open(options.db);
    if (!db) return report(db.error());
    if (!seed) {
        auto users = (*db)->users().list_all();
        if (!users) return report(users.error());
        if (users->empty()) {
            auto organisations = (*db)->organisations().count();
            if (!organisations) return report(organisations.error());
            const std::string hint =
                *organisations == 0
                    ? init_hint
                    : fmt::format("add one with `yandian user add --db {} --org-id 1 --login LOGIN --role admin`",
                                  options.db);
            return report(Error{ErrorCode::kFailedPrecondition,
                                fmt::format("the store has no user yet, so nobody could log in; {}", hint), "db"});
        }
    }
    app::AccountService accounts(**db, app::AccountOptions{}, clock);
    app::LiveHub hub;
    app::SpcService spc(**db, hub, clock);
    app::MarketService market(**db, clock);
    app::MarketOfferService market_offers(**db, clock);
    app::monitoring::MonitorService monitor(**db, clock);
    app::monitoring::FurnaceService furnaces(**db, clock);
    app::StatsService stats(**db, clock);
    app::ReturnsService returns(**db, clock);
    app::CreditOptions credit_options;
    credit_options.operator_name = options.credit_operator;
    app::CreditService credit(**db, market, spc, clock, credit_options);
    app::ReceivableService receivables(**db, credit, clock);
    auto quality_config = app::quality_config();
    if (!quality_config) return report(quality_config.error());
    app::QualityService quality(**db, clock, std::move(*quality_config));
    Running running{clock, **db, accounts, spc, hub};
    std::optional<DemoWorld> world;
    if (seed) {
        auto seeded = seed(running);
        if (!seeded) return report(seeded.error());
        world = *seeded;
        auto market_demo = app::seed_market_demo(**db, accounts, market, clock, app::market_demo_options(clock()));
        if (!market_demo) return report(market_demo.error());
        std::cout << market_demo->banner << std::endl;
        // The plans' own targets and enterprise tables, as `yandian plan seed` puts them in (idempotent).
        if (auto plans = stats.seed_plan("demo"); !plans) return report(plans.error());
        // Quality credit files of the demo manufacturer and two more firms, and the office that keeps them.
        if (world) {
            auto quality_demo = app::seed_quality_demo(**db, accounts, quality, world->engineer.org_id);
            if (!quality_demo) return report(quality_demo.error());
            std::cout << quality_demo->banner << std::endl;
        }
    }
    server::ApiOptions api_options;
    api_options.web_root = options.web_root;
    server::Services services{accounts, spc, hub};
    services.db = db->get();
    services.market = &market;
    services.market_offers = &market_offers;
    services.monitor = &monitor;
    services.furnace = &furnaces;
    services.stats = &stats;
    services.returns = &returns;
    services.credit = &credit;
    services.receivables = &receivables;
    services.quality = &quality;
    server::Api api(services, api_options);
    server::HttpServer http(api, server_options);
    auto port = http.listen();
    if (!port) return report(port.error());

    // Modbus TCP gauges and PLCs: every configuration file is read and every entry checked before anything starts,
    // so a bad second file stops the server before the first file's poller (or MQTT) has stored a single value.
    std::vector<ingest::ModbusPollerOptions> modbus_devices;
    for (const std::string& file : options.modbus_configs) {
        std::ifstream in(file);
        if (!in)
            return report(
                Error{ErrorCode::kInvalidArgument, "cannot read Modbus configuration " + file, "modbus-config"});
        std::stringstream text;
        text << in.rdbuf();
        auto config = ingest::parse_modbus_config(text.str());
        if (!config) {
            Error e = config.error();
            e.message = file + ": " + e.message;
            return report(e);
        }
        // Every mapping must name a characteristic that exists now: a typo would otherwise be logged as "values not
        // stored" twice a second for as long as the server runs.
        for (std::size_t i = 0; i < config->registers.size(); ++i) {
            const ingest::CharacteristicKey& key = config->registers[i].key;
            if (auto found = spc.resolve_key(key); !found) {
                Error e = found.error();
                e.message = fmt::format("{}: registers[{}].{}: {} (create it first, or correct the entry)", file, i,
                                        e.field.empty() ? "organisation" : e.field, e.message);
                e.field = "modbus-config";
                return report(e);
            }
        }
        config->clock = clock;
        modbus_devices.push_back(std::move(*config));
    }

    // Acquisition and notification start with the server and stop before the store closes (declared after it).
    std::unique_ptr<app::AlarmWebhook> webhook;
    if (!options.alarm_webhook.empty()) {
        app::WebhookOptions w;
        w.url = options.alarm_webhook;
        webhook = std::make_unique<app::AlarmWebhook>(w);
        if (auto ok = webhook->start(hub); !ok) return report(ok.error());
    }
    std::unique_ptr<app::MqttIngest> mqtt;
    if (!options.mqtt_broker.empty()) {
        app::MqttIngestOptions m;
        m.broker = options.mqtt_broker;
        m.prefix = options.mqtt_prefix;
        m.client_id = options.mqtt_client_id;
        m.spool_dir = options.mqtt_spool;
        if (m.spool_dir.empty()) {
            const std::string path = sqlite_path(options.db);
            m.spool_dir = path.empty() ? "yandian-mqtt-spool" : path + ".mqtt-spool";
        }
        mqtt = std::make_unique<app::MqttIngest>(spc, m);
        if (auto ok = mqtt->start(); !ok) return report(ok.error());
    }
    // One poller per configured device (checked above), values through the same ingest path.
    std::vector<std::unique_ptr<ingest::ModbusPoller>> pollers;
    for (std::size_t d = 0; d < modbus_devices.size(); ++d) {
        const std::string& file = options.modbus_configs[d];
        auto sink = [&spc](const ingest::CharacteristicKey& key,
                           const ingest::IncomingBatch& batch) -> Result<ingest::IngestResult> {
            auto out = spc.ingest_by_key(key, batch, std::nullopt, "modbus");
            if (!out) return tl::unexpected(out.error());
            return ingest::IngestResult{out->accepted, out->rejected};
        };
        pollers.push_back(std::make_unique<ingest::ModbusPoller>(std::move(modbus_devices[d]), sink));
        if (auto ok = pollers.back()->start(); !ok) {
            Error e = ok.error();
            e.message = file + ": " + e.message;
            return report(e);
        }
    }
    std::unique_ptr<app::DemoLine> line;
    if (world && simulate) {
        // Messages published before the subscriber's first subscription would not be kept by the broker.
        for (int i = 0; mqtt && !mqtt->connected() && i < 50; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        line = simulate(running, *world, options);
    }

    std::string host =
        server_options.host.find(':') != std::string::npos ? "[" + server_options.host + "]" : server_options.host;
    std::cout << "Yandian listening on http://" << host << ":" << *port << std::endl;
    spdlog::info(R"({{"msg":"listening","address":"{}:{}","db":"{}"}})", host, *port, options.db.substr(0, 7));
    http.run();
    if (line) line->stop();
    for (auto& poller : pollers) poller->stop();
    if (mqtt) mqtt->stop();
    if (webhook) webhook->stop();
    // The store closes when `db` goes out of scope, after every request has been answered.
    return 0;
}

template <class T>
Result<T> ok_or(Result<T> r, std::string_view what) {
    if (!r) {
        Error e = r.error();
        e.message = fmt::format("demo: {}: {}", what, e.message);
        return tl::unexpected(e);
    }
    return r;
}

// The demo organisation, its plant, line grind-3 with the four characteristics of a 6205 inner ring, a few hours of
// history, and a customer organisation with a grant on the raceway diameter. Created once per demo store.
Result<std::optional<DemoWorld>> seed_demo(Running& r, double history_hours) {
    DemoWorld world;
    std::int64_t org_id = 0;
    if (auto user = r.accounts.find_user_by_login(kDemoLogin)) {
        world.engineer = {user->id, user->org_id, app::Role::kAdmin, user->login, std::nullopt};
        org_id = user->org_id;
        auto org = ok_or(r.accounts.find_organisation(std::to_string(org_id)), "organisation");
        if (!org) return tl::unexpected(org.error());
        world.org_ref = org->code.value_or(std::to_string(org_id));
    } else {
        auto org = ok_or(r.accounts.create_organisation("临清示范轴承有限公司 Linqing Demo Bearing Co.",
                                                        app::OrgKind::kManufacturer, kDemoOrgCode),
                         "organisation");
        if (!org) return tl::unexpected(org.error());
        auto created = ok_or(
            r.accounts.create_user(org->id, kDemoLogin, kDemoPassword, app::Role::kAdmin, "Demo Engineer 演示工程师"),
            "user");
        if (!created) return tl::unexpected(created.error());
        world.engineer = {created->id, org->id, app::Role::kAdmin, created->login, std::nullopt};
        org_id = org->id;
        world.org_ref = kDemoOrgCode;
    }
    const app::Principal& who = world.engineer;

    auto lines = ok_or(r.spc.list_lines(who), "lines");
    if (!lines) return tl::unexpected(lines.error());
    for (const auto& l : *lines) {
        if (l.code == kDemoLine) world.line_id = l.id;
    }
    if (world.line_id == 0) {
        auto plant = ok_or(r.spc.create_plant(who, "Linqing Plant 1"), "plant");
        if (!plant) return tl::unexpected(plant.error());
        auto line = ok_or(r.spc.create_line(who, plant->id, kDemoLine, "Grinding line 3 — 6205 inner ring"), "line");
        if (!line) return tl::unexpected(line.error());
        world.line_id = line->id;
    }

    const auto now = r.clock();
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    constexpr std::int64_t kHistoryCycleMs = 10'000;  // one part every 10 s in the history
    const std::int64_t parts = static_cast<std::int64_t>(history_hours * 3600'000.0) / kHistoryCycleMs;
    world.history_parts = parts;
    std::vector<app::DemoPart> history;
    app::GrindingLineSettings settings;
    app::GrindingLineModel model(6205, settings, 0, false);
    for (std::int64_t k = 0; k < parts; ++k) history.push_back(model.next());

    auto existing = ok_or(r.spc.list_characteristics(who), "characteristics");
    if (!existing) return tl::unexpected(existing.error());
    for (const app::DemoCharacteristic& d : app::demo_characteristics()) {
        std::optional<store::CharacteristicRecord> found;
        for (const auto& a : *existing) {
            if (a.characteristic.line_id == world.line_id && a.characteristic.code == d.code) found = a.characteristic;
        }
        if (!found) {
            app::CharacteristicInput in;
            in.line_id = world.line_id;
            in.code = d.code;
            in.part_number = "6205-IR";
            in.feature = d.feature;
            in.nominal = d.nominal;
            in.lsl = d.lsl;
            in.usl = d.usl;
            in.subgroup_size = d.subgroup_size;
            in.chart_type = d.chart_type;
            in.resolution = 0.0001;
            auto c = ok_or(r.spc.create_characteristic(who, in), d.code);
            if (!c) return tl::unexpected(c.error());
            found = *c;
        }
        if (std::string_view(d.code) == "raceway-d") world.raceway_id = found->id;
        auto count = r.db.spc().count_measurements(found->id);
        if (!count) return tl::unexpected(count.error());
        if (*count > 0 || history.empty()) continue;
        ingest::IncomingBatch batch;
        for (const app::DemoPart& p : history) {
            ingest::IncomingValue v;
            v.value = app::demo_value(p, d.code);
            v.time_ms = now_ms - (parts - p.index) * kHistoryCycleMs;
            v.part = p.serial;
            v.gauge = "G-" + std::string(d.code);
            v.operator_name = "wang";
            if (d.subgroup_size > 1) v.subgroup = fmt::format("SG-{}", p.index / d.subgroup_size);
            batch.values.push_back(std::move(v));
        }
        app::mark_demo_history(d.code, batch);  // one gauge-marked value, so the chart shows a left-out point
        auto stored = ok_or(r.spc.ingest(who, found->id, batch, "demo-history", "demo", false), "history");
        if (!stored) return tl::unexpected(stored.error());
    }

    // The heat-treatment furnace: two zones on line ht-1, fed by the same simulation (one reading per part cycle).
    {
        auto line = r.db.spc().find_line(world.line_id);
        if (!line) return tl::unexpected(line.error());
        if (!*line) return fail(ErrorCode::kInternal, "the demo line is missing", "line");
        app::monitoring::FurnaceService furnaces(r.db, r.clock);
        auto furnace = ok_or(app::monitoring::seed_demo_furnace(r.db, r.spc, furnaces, who, (*line)->plant_id, now_ms,
                                                                parts * kHistoryCycleMs, kHistoryCycleMs),
                             "furnace");
        if (!furnace) return tl::unexpected(furnace.error());
        world.furnace = true;
    }

    // The customer: an OEM buyer with a viewer login and a grant on the raceway diameter.
    if (!r.accounts.find_user_by_login(kCustomerLogin)) {
        auto org = ok_or(r.accounts.create_organisation("Customer OEM 主机厂客户", app::OrgKind::kManufacturer, "oem"),
                         "customer organisation");
        if (!org) return tl::unexpected(org.error());
        auto user = ok_or(r.accounts.create_user(org->id, kCustomerLogin, kCustomerPassword, app::Role::kViewer,
                                                 "Customer quality engineer 客户质量工程师"),
                          "customer user");
        if (!user) return tl::unexpected(user.error());
        const std::string expires = app::format_utc(now + std::chrono::hours(24 * 365));
        auto grant = ok_or(r.spc.create_grant(who, org->id, std::nullopt, world.raceway_id, expires), "grant");
        if (!grant) return tl::unexpected(grant.error());
    }
    (void)org_id;
    return std::optional<DemoWorld>(world);
}

// Publishes one value per characteristic and part to the broker (QoS 1), the way a gauge PC would.
class DemoPublisher {
  public:
    DemoPublisher(const std::string& broker, std::string prefix) : prefix_(std::move(prefix)) {
        auto address = app::parse_broker_address(broker);
        const std::string uri = address ? fmt::format("tcp://{}:{}", address->first, address->second) : broker;
        if (MQTTClient_create(&client_, uri.c_str(), "yandian-demo-line", MQTTCLIENT_PERSISTENCE_NONE, nullptr) !=
            MQTTCLIENT_SUCCESS) {
            client_ = nullptr;
        }
    }
    ~DemoPublisher() {
        if (client_ != nullptr) {
            if (connected_) MQTTClient_disconnect(client_, 1000);
            MQTTClient_destroy(&client_);
        }
    }
    DemoPublisher(const DemoPublisher&) = delete;
    DemoPublisher& operator=(const DemoPublisher&) = delete;

    bool publish(const std::string& topic, const std::string& payload) {
        if (client_ == nullptr) return false;
        if (!connected_ || MQTTClient_isConnected(client_) == 0) {
            MQTTClient_connectOptions o = MQTTClient_connectOptions_initializer;
            o.keepAliveInterval = 20;
            o.cleansession = 1;
            connected_ = MQTTClient_connect(client_, &o) == MQTTCLIENT_SUCCESS;
            if (!connected_) return false;
        }
        MQTTClient_deliveryToken token = 0;
        int rc =
            MQTTClient_publish(client_, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, 0, &token);
        if (rc != MQTTCLIENT_SUCCESS) {
            connected_ = false;
            return false;
        }
        return MQTTClient_waitForCompletion(client_, token, 5000) == MQTTCLIENT_SUCCESS;
    }
    const std::string& prefix() const { return prefix_; }

  private:
    std::string prefix_;
    MQTTClient client_ = nullptr;
    bool connected_ = false;
};

std::unique_ptr<app::DemoLine> simulate_demo(Running& r, const DemoWorld& world, const ServeOptions& options,
                                             int period_ms) {
    app::GrindingLineSettings settings;
    settings.shift_after = world.history_parts + 120;  // about two minutes into the run
    app::GrindingLineModel model(static_cast<std::uint64_t>(r.clock().time_since_epoch().count()), settings,
                                 world.history_parts, true);
    std::shared_ptr<DemoPublisher> publisher;
    if (!options.mqtt_broker.empty())
        publisher = std::make_shared<DemoPublisher>(options.mqtt_broker, options.mqtt_prefix);
    const std::int64_t org_id = world.engineer.org_id;
    const std::int64_t raceway_id = world.raceway_id;
    const std::string org_ref = world.org_ref;
    // The furnace zones: one reading per part, a door opening (3 readings) every 400 parts.
    auto zones = std::make_shared<std::vector<app::monitoring::FurnaceZoneModel>>();
    if (world.furnace) {
        std::uint64_t seed = 4850;
        for (const auto& z : app::monitoring::demo_zones()) zones->emplace_back(seed++, z.offset);
    }
    auto emit = [&r, publisher, org_id, org_ref, raceway_id, zones](const app::DemoPart& p) {
        const auto now = r.clock();
        const std::int64_t now_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
        if (p.dressed) {
            store::EventRecord e;
            e.org_id = org_id;
            e.characteristic_id = raceway_id;
            e.kind = "tool_change";
            e.at = app::format_utc(now);
            e.message = fmt::format("grinding wheel dressed before part {}: wear drift reset", p.serial);
            if (auto added = r.db.spc().add_event(e)) {
                r.hub.publish(
                    org_id, raceway_id, "tool_change",
                    nlohmann::json({{"id", added->id}, {"kind", "tool_change"}, {"message", e.message}}).dump());
            }
        }
        for (const app::DemoCharacteristic& d : app::demo_characteristics()) {
            nlohmann::json v = {{"value", app::demo_value(p, d.code)},
                                {"time", ingest::format_iso8601_ms(now_ms)},
                                {"part", p.serial},
                                {"gauge", "G-" + std::string(d.code)},
                                {"operator", "wang"}};
            if (d.subgroup_size > 1) v["subgroup"] = fmt::format("SG-{}", p.index / d.subgroup_size);
            if (publisher) {
                v["id"] = fmt::format("{}-{}", d.code, p.serial);
                const std::string topic = fmt::format("{}/{}/{}/{}", publisher->prefix(), org_ref, kDemoLine, d.code);
                if (!publisher->publish(topic, v.dump())) {
                    spdlog::warn(R"({{"msg":"demo line could not publish","topic":{}}})", nlohmann::json(topic).dump());
                }
                continue;
            }
            auto batch = ingest::parse_mqtt_payload(v.dump());
            if (!batch) continue;
            auto stored = r.spc.ingest_by_key({org_ref, std::string(kDemoLine), d.code}, *batch,
                                              fmt::format("demo:{}-{}", d.code, p.serial), "demo");
            if (!stored) {
                spdlog::warn(R"({{"msg":"demo line value not stored","error":{}}})",
                             nlohmann::json(stored.error().message).dump());
            }
        }
        const bool door_open = p.index > 0 && p.index % 400 < 3;
        for (std::size_t i = 0; i < zones->size(); ++i) {
            const auto& z = app::monitoring::demo_zones()[i];
            const double celsius = std::round((*zones)[i].next(door_open) * 10.0) / 10.0;
            nlohmann::json v = {{"value", celsius}, {"time", ingest::format_iso8601_ms(now_ms)},
                                {"gauge", fmt::format("TC-{}", z.code)}};
            const std::string key = fmt::format("demo:{}-{}", z.code, p.serial);
            if (publisher) {
                v["id"] = key;
                const std::string topic = fmt::format("{}/{}/{}/{}", publisher->prefix(), org_ref,
                                                      app::monitoring::kDemoFurnaceLine, z.code);
                (void)publisher->publish(topic, v.dump());
                continue;
            }
            auto batch = ingest::parse_mqtt_payload(v.dump());
            if (!batch) continue;
            (void)r.spc.ingest_by_key({org_ref, std::string(app::monitoring::kDemoFurnaceLine), z.code}, *batch, key,
                                      "demo");
        }
    };
    auto line = std::make_unique<app::DemoLine>(std::move(model), std::chrono::milliseconds(period_ms), emit);
    line->start();
    return line;
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
    cmd.add_option("--record-limit", o.record_limit, "largest accepted vibration record upload, bytes")
        ->envname("YANDIAN_RECORD_LIMIT")
        ->capture_default_str();
    cmd.add_option("--workers", o.workers, "request-handling threads")->check(CLI::Range(1, 64))->capture_default_str();
    cmd.add_flag("--quiet", o.quiet, "log warnings and errors only");
    cmd.add_option("--mqtt-broker", o.mqtt_broker,
                   "MQTT broker to take measurements from, tcp://HOST:PORT (topics PREFIX/ORG_ID/LINE/CHARACTERISTIC)")
        ->envname("YANDIAN_MQTT_BROKER");
    cmd.add_option("--mqtt-prefix", o.mqtt_prefix, "first level(s) of the MQTT topics")
        ->envname("YANDIAN_MQTT_PREFIX")
        ->capture_default_str();
    cmd.add_option("--mqtt-client-id", o.mqtt_client_id, "MQTT client id (fixed: the broker keeps the session)")
        ->envname("YANDIAN_MQTT_CLIENT_ID")
        ->capture_default_str();
    cmd.add_option("--mqtt-spool", o.mqtt_spool,
                   "folder for received, not yet stored MQTT messages (default: beside the database file)")
        ->envname("YANDIAN_MQTT_SPOOL");
    cmd.add_option("--modbus-config", o.modbus_configs,
                   "JSON file of a Modbus TCP device to poll (register map per characteristic); repeatable")
        ->check(CLI::ExistingFile);
    cmd.add_option("--alarm-webhook", o.alarm_webhook, "POST each alarm as JSON to this http:// URL")
        ->envname("YANDIAN_ALARM_WEBHOOK");
    cmd.add_option("--credit-operator", o.credit_operator,
                   "the filed enterprise credit agency (企业征信机构) running this deployment, shown on every credit "
                   "report; without it no report goes to a lender")
        ->envname("YANDIAN_CREDIT_OPERATOR");
}

}  // namespace

void register_server_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto serve_options = std::make_shared<ServeOptions>();
    CLI::App* serve_cmd = app.add_subcommand("serve", "Run the platform's HTTP server");
    serve_cmd->add_option("--db", serve_options->db, "store: sqlite:PATH")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    add_serve_flags(*serve_cmd, *serve_options);
    serve_cmd->callback([&action, &clock, serve_options] {
        action = [&clock, serve_options] { return serve(*serve_options, clock, nullptr, nullptr); };
    });

    auto demo = std::make_shared<DemoOptions>();
    CLI::App* demo_cmd = app.add_subcommand("demo", "Run the server on a demo store with a simulated grinding line");
    demo_cmd->add_option("--dir", demo->dir, "folder of the demo store (default: a new temporary folder)");
    demo_cmd->add_flag("--no-simulation", demo->no_simulation, "seed the demo data but run no simulated line");
    demo_cmd->add_option("--period-ms", demo->period_ms, "milliseconds between simulated parts")
        ->check(CLI::Range(10, 60000))
        ->capture_default_str();
    demo_cmd->add_option("--history-hours", demo->history_hours, "hours of history seeded into a new demo store")
        ->check(CLI::Range(0.0, 48.0))
        ->capture_default_str();
    add_serve_flags(*demo_cmd, demo->serve);
    demo_cmd->callback([&action, &clock, demo] {
        action = [&clock, demo] {
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
                      << "Demo login: " << kDemoLogin << " / " << kDemoPassword << " (plant engineer, administrator)\n"
                      << "Customer login: " << kCustomerLogin << " / " << kCustomerPassword
                      << " (OEM buyer, viewer; granted the raceway diameter of line " << kDemoLine << ")" << std::endl;
            const double hours = demo->history_hours;
            Seed seed = [hours](Running& r) { return seed_demo(r, hours); };
            Simulate simulate;
            if (!demo->no_simulation) {
                const int period = demo->period_ms;
                simulate = [period](Running& r, const DemoWorld& w, const ServeOptions& o) {
                    return simulate_demo(r, w, o, period);
                };
            }
            return serve(options, clock, seed, simulate);
        };
    });
}

}  // namespace yandian::cli
