// The statistical returns cycle through the real binary and server, on the engine of the run (SQLite, or PostgreSQL
// under YANDIAN_TEST_ENGINE=postgres): the office opens periods (CLI and HTTP); firm A files online, and a falling
// year-to-date figure is refused naming the indicator and the figures; firm B uploads a CSV and revises it with a
// reason (both revisions kept); firm C's workbook saved by another tool (tests/ingest/data/returns_openpyxl.xlsx) is
// refused naming 'Sheet "Returns" row 9 column C', then the template the binary writes (libxlsxwriter) is filled in
// and uploaded; firm D files after the deadline by the operator's CSV import; the late list is right at the deadline
// and after; a firm never reads another firm's return (404) and cannot act for the office (403); the office's query
// reaches the firm; export writes CSV and .xlsx.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_store.hpp"
#include "ingest/workbook/workbook.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
namespace wb = ingest::workbook;

// Check characters by GB 32100 clause 4.2 (weights 3^(i-1) mod 31), as stats/credit_code.hpp computes them.
constexpr const char* kCodeA = "91371581MA3C1AB2X4";
constexpr const char* kCodeB = "91371581MA3C2CD3YR";
constexpr const char* kCodeC = "91371581MA3C0RT129";
constexpr const char* kCodeD = "91371581MA3C3EF4W6";

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class ReturnsCycle : public CliStoreTest {
  protected:
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        office_ = add_org("临清市工业和信息化局", "authority");
        add_user(office_, "office", "engineer");
        const std::pair<const char*, const char*> firms[] = {
            {kCodeA, "临清市甲轴承有限公司"}, {kCodeB, "临清市乙轴承有限公司"}, {kCodeC, "临清市丙轴承有限公司"}};
        const char* logins[] = {"firm-a", "firm-b", "firm-c"};
        for (int i = 0; i < 3; ++i) {
            const auto org = add_org(firms[i].second, "manufacturer");
            add_user(org, logins[i], "engineer");
            firm_ids_.push_back(add_firm(firms[i].first, firms[i].second, org));
        }
        firm_ids_.push_back(add_firm(kCodeD, "临清市丁轴承有限公司", std::nullopt));  // no platform account
        // A firm of the library without a credit code is not asked to report.
        auto plain = yd("2026-11-01", {"firm", "add", "--db", db_, "--name-zh", "临清市戊轴承厂", "--industry", "bearing"});
        ASSERT_EQ(plain.exit_code, 0) << plain.err;
    }

    CommandResult yd(const std::string& at, std::vector<std::string> args) {
        args.insert(args.begin(), {binary_, "--clock-start", at});
        return run_command(args);
    }

    std::int64_t add_firm(const char* code, const char* name, std::optional<std::int64_t> org) {
        std::vector<std::string> args{"firm", "add", "--db", db_, "--credit-code", code, "--name-zh", name,
                                      "--industry", "bearing"};
        if (org) args.insert(args.end(), {"--org-id", std::to_string(*org)});
        auto r = yd("2026-11-01", args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0 ? json::parse(r.out).at("id").get<std::int64_t>() : 0;
    }

    std::unique_ptr<ServerProcess> start() {
        auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
            binary_, "--clock-start", "2026-11-10T09:00:00Z", "serve", "--db", db_, "--listen", "127.0.0.1:0",
            "--quiet", "--web-root", dir_.path() + "/web"});
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }

    static std::map<std::string, std::string> as(const std::string& cookie, const char* type = nullptr) {
        std::map<std::string, std::string> h{{"Cookie", cookie}};
        if (type != nullptr) h["Content-Type"] = type;
        return h;
    }

    std::int64_t office_ = 0;
    std::vector<std::int64_t> firm_ids_;
};

TEST_F(ReturnsCycle, OfficeOpensFirmsFileReviseAndTheLateListIsRight) {
    // The office opens September on the command line, October over HTTP.
    auto sept = yd("2026-10-01", {"stats", "period", "open", "--db", db_, "--period", "2026-09", "--deadline",
                                  "2026-10-15", "--by", "office"});
    ASSERT_EQ(sept.exit_code, 0) << sept.err;
    EXPECT_NE(sept.out.find("opened 2026-09 (monthly), due by the end of 2026-10-15"), std::string::npos) << sept.out;
    auto early = yd("2026-10-01", {"stats", "period", "open", "--db", db_, "--period", "2026-10", "--deadline",
                                   "2026-10-20"});
    EXPECT_EQ(early.exit_code, 2);
    EXPECT_NE(early.err.find("deadline 2026-10-20 comes before period 2026-10 ends (2026-10-31)"), std::string::npos)
        << early.err;

    auto server = start();
    ASSERT_TRUE(server->started());
    const auto port = server->port();
    const std::string office = login(port, "office");
    const std::string a = login(port, "firm-a");
    const std::string b = login(port, "firm-b");
    const std::string c = login(port, "firm-c");

    auto refused_open = http_request(port, "POST", "/api/v1/stats/periods",
                                     json{{"period", "2026-10"}, {"deadline", "2026-11-15"}}.dump(),
                                     as(a, "application/json"));
    EXPECT_EQ(refused_open.status, 403) << refused_open.body;
    auto opened = http_request(port, "POST", "/api/v1/stats/periods",
                               json{{"period", "2026-10"}, {"deadline", "2026-11-15"}}.dump(),
                               as(office, "application/json"));
    ASSERT_EQ(opened.status, 201) << opened.body;
    EXPECT_EQ(json::parse(opened.body).at("frequency"), "monthly");

    // Firm A online: September 1–9月 900 万元, then October 1–10月 850 is refused (a year-to-date total cannot
    // fall), 1020 accepted.
    auto file_a = [&](const std::string& period, double revenue) {
        return http_request(port, "POST", "/api/v1/stats/returns",
                            json{{"period", period},
                                 {"lines", json::array({json{{"indicator", "main_revenue"}, {"value", revenue},
                                                             {"unit", "万元"}},
                                                        json{{"indicator", "employees"}, {"value", 80}, {"unit", "人"}}})}}
                                .dump(),
                            as(a, "application/json"));
    };
    auto a_sept = file_a("2026-09", 900);
    ASSERT_EQ(a_sept.status, 201) << a_sept.body;
    auto a_fall = file_a("2026-10", 850);
    ASSERT_EQ(a_fall.status, 400) << a_fall.body;
    const json fall = json::parse(a_fall.body);
    EXPECT_NE(fall.at("error").at("message").get<std::string>().find(
                  "main_revenue: cumulative figure 850 万元 for 1–10月 is lower than 900 万元 for 1–9月"),
              std::string::npos)
        << a_fall.body;
    EXPECT_EQ(fall.at("returns")[0].at("issues")[0].at("place"), "lines[0]");
    auto a_oct = file_a("2026-10", 1020);
    ASSERT_EQ(a_oct.status, 201) << a_oct.body;

    // Firm B uploads CSV, then revises it: without a reason the revision is refused; with one both are kept.
    const std::string csv_b = std::string("firm_code,period,indicator,value,unit,reason\n") + kCodeB +
                              ",2026-10,main_revenue,300,万元,\n" + kCodeB + ",2026-10,employees,41,人,\n";
    auto b_first = http_request(port, "POST", "/api/v1/stats/returns/upload", csv_b, as(b, "text/csv"));
    ASSERT_EQ(b_first.status, 201) << b_first.body;
    const std::string csv_b2 = std::string("firm_code,period,indicator,value,unit,reason\n") + kCodeB +
                               ",2026-10,main_revenue,310,万元,\n" + kCodeB + ",2026-10,employees,41,人,\n";
    auto b_no_reason = http_request(port, "POST", "/api/v1/stats/returns/upload", csv_b2, as(b, "text/csv"));
    EXPECT_EQ(b_no_reason.status, 400);
    EXPECT_NE(b_no_reason.body.find("a revision needs a reason"), std::string::npos) << b_no_reason.body;
    auto b_revised = http_request(port, "POST", "/api/v1/stats/returns/upload?reason=revenue%20of%20a%20late%20invoice",
                                  csv_b2, as(b, "text/csv"));
    ASSERT_EQ(b_revised.status, 201) << b_revised.body;
    EXPECT_EQ(json::parse(b_revised.body).at("returns")[0].at("return").at("revision"), 2);
    // B cannot upload another firm's figures.
    const std::string csv_as_a = std::string("firm_code,period,indicator,value,unit,reason\n") + kCodeA +
                                 ",2026-10,main_revenue,1,万元,\n";
    auto b_as_a = http_request(port, "POST", "/api/v1/stats/returns/upload?reason=x", csv_as_a, as(b, "text/csv"));
    EXPECT_EQ(b_as_a.status, 400);
    EXPECT_NE(b_as_a.body.find("linked to your organisation"), std::string::npos) << b_as_a.body;

    // Firm C's workbook saved by another tool has a bad cell: refused naming sheet, row and column.
    const std::string saved = read_bytes(YANDIAN_SOURCE_DIR "/tests/ingest/data/returns_openpyxl.xlsx");
    ASSERT_FALSE(saved.empty());
    auto c_bad = http_request(port, "POST", "/api/v1/stats/returns/upload", saved,
                              as(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    ASSERT_EQ(c_bad.status, 400) << c_bad.body;
    EXPECT_NE(c_bad.body.find("Sheet \\\"Returns\\\" row 9 column C: total_profit: '约300' is not a number"),
              std::string::npos)
        << c_bad.body;
    // The template the binary writes, filled in (values in column C) and uploaded.
    const std::string template_path = dir_.path() + "/template.xlsx";
    auto made = yd("2026-11-10", {"stats", "template", "--db", db_, "--period", "2026-10", "--firm", kCodeC, "-o",
                                  template_path});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto book = wb::read_workbook(read_bytes(template_path));
    ASSERT_TRUE(book.has_value()) << book.error().message;
    const wb::Sheet* sheet = book->sheet("Returns");
    ASSERT_NE(sheet, nullptr);
    EXPECT_EQ(sheet->at(2, 2).text, kCodeC);
    EXPECT_EQ(sheet->at(4, 2).text, "2026-10");
    EXPECT_NE(book->sheet("Instructions"), nullptr);
    wb::OutSheet filled;
    filled.name = "Returns";
    int revenue_row = 0;
    for (int row = 1; row <= sheet->last_row(); ++row) {
        std::vector<wb::OutCell> cells;
        for (int col = 1; col <= 6; ++col) {
            const wb::Cell& cell = sheet->at(row, col);
            cells.emplace_back(cell.kind == wb::Cell::Kind::kEmpty ? wb::OutCell{} : wb::OutCell{cell.text});
        }
        if (sheet->at(row, 1).text == "main_revenue") {
            cells[2] = 1250.5;
            revenue_row = row;
        }
        if (sheet->at(row, 1).text == "employees") cells[2] = 212.0;
        filled.rows.push_back(std::move(cells));
    }
    EXPECT_EQ(revenue_row, 7);  // the first indicator of the template
    const std::string filled_path = dir_.path() + "/filled.xlsx";
    ASSERT_TRUE(wb::write_workbook(filled_path, std::span(&filled, 1)).has_value());
    auto c_ok = http_request(port, "POST", "/api/v1/stats/returns/upload", read_bytes(filled_path),
                             as(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    ASSERT_EQ(c_ok.status, 201) << c_ok.body;
    const json c_return = json::parse(c_ok.body).at("returns")[0].at("return");
    EXPECT_EQ(c_return.at("channel"), "xlsx");
    ASSERT_EQ(c_return.at("lines").size(), 2U);
    EXPECT_EQ(c_return.at("lines")[0].at("value"), 1250.5);

    // Firm D files on paper; the operator imports it after the deadline.
    const std::string csv_d = write("d.csv", std::string("firm_code,period,indicator,value,unit,reason\n") + kCodeD +
                                                 ",2026-10,main_revenue,88,万元,\n");
    auto d = yd("2026-11-20T10:00:00Z", {"stats", "import", "--db", db_, csv_d, "--by", "office"});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    EXPECT_NE(d.out.find(std::string("accepted: ") + kCodeD + " 2026-10 revision 1 (1 figures)"), std::string::npos)
        << d.out;

    // A firm reads its own returns, never another's.
    auto own = http_request(port, "GET", "/api/v1/stats/returns?period=2026-10", {}, as(a));
    ASSERT_EQ(own.status, 200);
    ASSERT_EQ(json::parse(own.body).at("returns").size(), 1U);
    EXPECT_EQ(json::parse(own.body).at("returns")[0].at("firm_id"), firm_ids_[0]);
    auto other = http_request(port, "GET", "/api/v1/stats/returns?firm_id=" + std::to_string(firm_ids_[1]), {}, as(a));
    EXPECT_EQ(other.status, 404) << other.body;
    auto history = http_request(port, "GET",
                                "/api/v1/stats/returns?period=2026-10&history=true&firm_id=" +
                                    std::to_string(firm_ids_[1]),
                                {}, as(office));
    ASSERT_EQ(history.status, 200) << history.body;
    const json revisions = json::parse(history.body).at("returns");
    ASSERT_EQ(revisions.size(), 2U);
    EXPECT_EQ(revisions[0].at("lines")[0].at("value"), 300);
    EXPECT_EQ(revisions[1].at("lines")[0].at("value"), 310);
    EXPECT_EQ(revisions[1].at("reason"), "revenue of a late invoice");
    EXPECT_EQ(revisions[1].at("filed_by"), "firm-b");
    auto all = http_request(port, "GET", "/api/v1/stats/returns?period=2026-10", {}, as(office));
    EXPECT_EQ(json::parse(all.body).at("returns").size(), 4U);

    // The late list: at the deadline D had not filed (it filed on the 20th); the firm without a code is not asked.
    auto late_denied = http_request(port, "GET", "/api/v1/stats/periods/2026-10/late", {}, as(a));
    EXPECT_EQ(late_denied.status, 403);
    auto late = http_request(port, "GET", "/api/v1/stats/periods/2026-10/late", {}, as(office));
    ASSERT_EQ(late.status, 200) << late.body;
    const json l = json::parse(late.body);
    EXPECT_EQ(l.at("as_of"), "2026-11-15T23:59:59.999Z");
    EXPECT_EQ(l.at("expected"), 4);
    EXPECT_EQ(l.at("on_time"), 3);
    ASSERT_EQ(l.at("late").size(), 1U);
    EXPECT_EQ(l.at("late")[0].at("credit_code"), kCodeD);
    // The clock starts at 10:00 and runs: the filing is stamped within the first seconds.
    EXPECT_EQ(l.at("late")[0].at("filed_at").get<std::string>().rfind("2026-11-20T10:00:0", 0), 0U) << late.body;
    auto late_cli = yd("2026-11-25", {"stats", "late", "--db", db_, "--period", "2026-09"});
    ASSERT_EQ(late_cli.exit_code, 0) << late_cli.err;
    // September: only A filed, on 2026-11-10, after September's deadline: every firm is late, A with its date.
    EXPECT_NE(late_cli.out.find("2026-09: 0 of 4 firms reported by 2026-10-15T23:59:59.999Z; late: 4"),
              std::string::npos)
        << late_cli.out;
    EXPECT_NE(late_cli.out.find(std::string(kCodeA) + "  临清市甲轴承有限公司 (filed 2026-11-10T09:"), std::string::npos)
        << late_cli.out;
    auto late_later = yd("2026-11-25", {"stats", "late", "--db", db_, "--period", "2026-09", "--as-of", "2026-11-30"});
    ASSERT_EQ(late_later.exit_code, 0) << late_later.err;
    EXPECT_NE(late_later.out.find("2026-09: 1 of 4 firms reported by 2026-11-30T23:59:59.999Z; late: 3"),
              std::string::npos)
        << late_later.out;

    // The office queries B's figure; B sees the query, A cannot ask.
    auto q = http_request(port, "POST", "/api/v1/stats/queries",
                          json{{"firm_id", firm_ids_[1]}, {"period", "2026-10"}, {"indicator", "main_revenue"},
                               {"note", "revenue revised: please send the invoice"}}
                              .dump(),
                          as(office, "application/json"));
    ASSERT_EQ(q.status, 201) << q.body;
    auto b_queries = http_request(port, "GET", "/api/v1/stats/queries", {}, as(b));
    ASSERT_EQ(b_queries.status, 200);
    ASSERT_EQ(json::parse(b_queries.body).at("queries").size(), 1U);
    auto a_asks = http_request(port, "POST", "/api/v1/stats/queries",
                               json{{"firm_id", firm_ids_[1]}, {"period", "2026-10"}, {"indicator", "main_revenue"},
                                    {"note", "x"}}
                                   .dump(),
                               as(a, "application/json"));
    EXPECT_EQ(a_asks.status, 403);
    server.reset();

    // Export: every revision as CSV, the current returns as a workbook.
    auto csv = yd("2026-11-25", {"stats", "export", "--db", db_, "--table", "revisions", "-o", "-"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_NE(csv.out.find(std::string("2026-10,") + kCodeB + ",临清市乙轴承有限公司,1,main_revenue,300,万元"),
              std::string::npos)
        << csv.out;
    EXPECT_NE(csv.out.find(std::string("2026-10,") + kCodeB +
                           ",临清市乙轴承有限公司,2,main_revenue,310,万元,,revenue of a late invoice,csv,firm-b"),
              std::string::npos);
    const std::string xlsx = dir_.path() + "/returns.xlsx";
    auto exported = yd("2026-11-25", {"stats", "export", "--db", db_, "--table", "returns", "-o", xlsx});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    auto back = wb::read_workbook(read_bytes(xlsx));
    ASSERT_TRUE(back.has_value()) << back.error().message;
    // Header + A (2 figures of September, 2 of October) + B 2 + C 2 + D 1.
    EXPECT_EQ(back->sheets.at(0).last_row(), 1 + 4 + 2 + 2 + 1);
    EXPECT_EQ(back->sheets.at(0).at(1, 1).text, "period");
    auto bad_table = yd("2026-11-25", {"stats", "export", "--db", db_, "--table", "salaries", "-o", "-"});
    EXPECT_EQ(bad_table.exit_code, 2);
    EXPECT_NE(bad_table.err.find("table 'salaries' is not one of"), std::string::npos);
}

TEST_F(ReturnsCycle, TheOperatorsImportNamesBadCellsAndKeepsTheGoodReturns) {
    ASSERT_EQ(yd("2026-11-01", {"stats", "period", "open", "--db", db_, "--period", "2026-10", "--deadline",
                                "2026-11-15"})
                  .exit_code,
              0);
    // One file, two firms: A's lines are good; B's has a value that is not a number and a wrong unit.
    const std::string csv = write("two.csv", std::string("firm_code,period,indicator,value,unit,reason\n") + kCodeA +
                                                 ",2026-10,main_revenue,1020,万元,\n" + kCodeB +
                                                 ",2026-10,main_revenue,12a,万元,\n" + kCodeB +
                                                 ",2026-10,employees,40,person,\n");
    auto r = yd("2026-11-05", {"stats", "import", "--db", db_, csv});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find(std::string("accepted: ") + kCodeA), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("line 3, column value: main_revenue: '12a' is not a number"), std::string::npos) << r.err;
    auto returns = yd("2026-11-05", {"stats", "returns", "--db", db_, "--period", "2026-10"});
    ASSERT_EQ(returns.exit_code, 0) << returns.err;
    EXPECT_EQ(json::parse(returns.out).size(), 1U);  // A's only
    // Both of B's bad cells are named in one pass: the number, and the unit of the line that was read.
    EXPECT_NE(r.err.find("line 4, column value: employees: figure 40 person is not in the indicator's unit 人"),
              std::string::npos)
        << r.err;
    // Bad input: a closed period, a missing file, a template for an unknown firm.
    auto missing = yd("2026-11-05", {"stats", "import", "--db", db_, dir_.path() + "/none.csv"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot read file"), std::string::npos);
    auto unknown = yd("2026-11-05", {"stats", "template", "--db", db_, "--period", "2026-10", "--firm",
                                     "91371581MA3C9ZZ9Z9", "-o", dir_.path() + "/t.xlsx"});
    EXPECT_NE(unknown.exit_code, 0);
    EXPECT_NE(unknown.err.find("no firm of the enterprise library has the credit code"), std::string::npos);
}

}  // namespace
}  // namespace yandian::testing
