// The sampling-results CSV reader: good lines kept, each bad line reported with its line and column. The credit
// codes carry check characters computed by the GB 32100 rule (clause 4.2) as stats/credit_code.hpp implements it.
#include <gtest/gtest.h>

#include "quality/sampling_csv.hpp"

namespace yandian::quality {
namespace {

TEST(SamplingCsv, KeepsGoodLinesAndNamesBadOnes) {
    const std::string text =
        "credit_code,date,product,batch,items,outcome,retest,authority,report_no,source\n"
        "91371581ma3c5gxx7c,2026-03-10,6205-2RS,B2026-031,radial clearance;noise,fail,requested,临清市市场监督管理局,"
        "LQ-2026-017,\"2026 Q1, county sampling\"\n"
        "91371581MA3D2K8L4K,2026-02-30,6206,B1,noise,pass,,,,x\n"   // line 3: no 30 February
        "91371581MA3D2K8L4X,2026-03-11,6206,B1,noise,pass,,,,x\n"   // line 4: wrong check character
        "91371581MA3D2K8L4K,2026-03-11,6206,B1,noise,passed,,,,x\n"  // line 5: outcome
        "91371581MA3D2K8L4K,2026-03-11,6206,B1,noise,pass,fail,,,x\n"  // line 6: re-test of a pass
        "91371581MA3D2K8L4K,2026-03-11,,B1,noise,pass,,,,x\n"       // line 7: no product
        "91371581MA3E0P1N2P,2026-03-12,NU 206,B7,hardness,pass,,,,county sampling\n";
    auto r = parse_sampling_csv(text);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->rows.size(), 2u);
    EXPECT_EQ(r->rows[0].line, 2u);
    EXPECT_EQ(r->rows[0].credit_code, "91371581MA3C5GXX7C");
    EXPECT_EQ(r->rows[0].entry.outcome, "fail");
    EXPECT_EQ(r->rows[0].entry.retest, "requested");
    EXPECT_EQ(r->rows[0].entry.fields.at("report_no"), "LQ-2026-017");
    EXPECT_EQ(r->rows[0].entry.source, "2026 Q1, county sampling");
    EXPECT_EQ(format_iso_date(r->rows[0].entry.date), "2026-03-10");
    EXPECT_EQ(r->rows[1].line, 8u);
    ASSERT_EQ(r->errors.size(), 5u);
    const char* expected[] = {"line 3, column date", "line 4, column credit_code", "line 5, column outcome",
                              "line 6, column retest", "line 7, column product"};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(r->errors[i].message.rfind(expected[i], 0), 0u) << r->errors[i].message;
    }
}

TEST(SamplingCsv, MissingColumnFailsTheFile) {
    auto r = parse_sampling_csv("credit_code,date,product,source\n91371581MA3E0P1N2P,2026-03-12,NU 206,x\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("outcome"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace yandian::quality
