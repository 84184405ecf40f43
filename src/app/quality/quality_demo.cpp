#include "app/quality/quality_demo.hpp"

#include <fmt/format.h>

#include "store/database.hpp"

namespace yandian::app {

namespace {

Result<store::FirmRecord> demo_firm(store::Database& db, const std::string& code, const std::string& name_zh,
                                    const std::string& name_en, const std::string& town, const std::string& products,
                                    std::optional<std::int64_t> org_id) {
    auto found = db.stats().find_firm_by_code(code);
    if (!found) return tl::unexpected(found.error());
    if (*found) {
        if (org_id && (*found)->org_id != org_id) {
            store::FirmRecord linked = **found;
            linked.org_id = org_id;
            return db.stats().update_firm(linked, "demo", "linked to the demo organisation");
        }
        return **found;
    }
    store::FirmRecord f;
    f.credit_code = code;
    f.name_zh = name_zh;
    f.name_en = name_en;
    f.town = town;
    f.industry = "bearing";
    f.size_class = "above";
    f.products = products;
    f.org_id = org_id;
    f.source = "demo";
    return db.stats().create_firm(f, "demo");
}

}  // namespace

Result<QualityDemoSummary> seed_quality_demo(store::Database& db, AccountService& accounts, QualityService& quality,
                                             std::int64_t demo_org_id) {
    QualityDemoSummary summary;
    summary.banner = fmt::format("Quality office login: {} / {} (market supervision, keeps the quality credit files)",
                                 kQualityOfficeLogin, kQualityOfficePassword);
    if (auto user = accounts.find_user_by_login(kQualityOfficeLogin)) {
        summary.office_org_id = user->org_id;
        return summary;
    }
    auto office = accounts.create_organisation("临清市市场监督管理局 Linqing Market Supervision Administration",
                                               OrgKind::kAuthority, "lq-amr");
    if (!office) return tl::unexpected(office.error());
    summary.office_org_id = office->id;
    auto user = accounts.create_user(office->id, kQualityOfficeLogin, kQualityOfficePassword, Role::kEngineer,
                                     "质量信用科 Quality credit office");
    if (!user) return tl::unexpected(user.error());

    const DayNumber today = quality.today();
    auto day = [today](int back) { return format_iso_date(today - back); };
    const std::string by = std::string(kQualityOfficeLogin);
    const std::string amr = "临清市市场监督管理局";
    int added = 0;
    auto add = [&](const store::FirmRecord& firm, EntryInput in) -> Status {
        auto e = quality.add_entry(firm, in, by);
        if (!e) {
            Error err = e.error();
            err.message = fmt::format("quality demo: {} entry of {}: {}", in.kind, firm.name_zh, err.message);
            return tl::unexpected(err);
        }
        ++added;
        return {};
    };

    // The demo manufacturer: registration, ISO 9001, a passed and a failed sampling inspection, a minor penalty
    // (score 60, grade B: sampling 30 - 15, penalties 20 - 5).
    auto own = demo_firm(db, "91371581MA3C5GXX7C", "临清示范轴承有限公司", "Linqing Demo Bearing Co., Ltd.", "烟店镇",
                         "深沟球轴承 deep groove ball bearings 6205, 6206", demo_org_id);
    if (!own) return tl::unexpected(own.error());
    summary.demo_firm_id = own->id;
    for (const EntryInput& in : {
             EntryInput{"registration", "", "2015-03-10", std::nullopt, "", "", std::nullopt,
                        {{"registered_capital", "5000万元"}}, "营业执照 business licence"},
             EntryInput{"certification", "ISO 9001", day(400), format_iso_date(today + 695), "", "", std::nullopt,
                        {{"certificate_no", "04524Q0123R1M"}}, "认证证书 certificate"},
             EntryInput{"sampling_inspection", "", day(200), std::nullopt, "pass", "", std::nullopt,
                        {{"product", "6205-2RS 深沟球轴承"}, {"batch", "20250518"}, {"items", "径向游隙; 振动; 硬度"},
                         {"authority", "聊城市市场监督管理局"}, {"report_no", "LC-CJ-0411"}},
                        "监督抽查结果 sampling results"},
             EntryInput{"sampling_inspection", "", day(45), std::nullopt, "fail", "", std::nullopt,
                        {{"product", "6206 深沟球轴承"}, {"batch", "20251002"}, {"items", "振动 vibration"},
                         {"authority", "聊城市市场监督管理局"}, {"report_no", "LC-CJ-1187"}},
                        "监督抽查结果 sampling results"},
             EntryInput{"penalty", "minor", day(20), std::nullopt, "", "", std::nullopt,
                        {{"authority", amr}, {"decision_no", "临市监罚〔2026〕12号"}, {"amount_yuan", "3000"}},
                        "行政处罚决定书 penalty decision"},
         }) {
        if (auto ok = add(*own, in); !ok) return tl::unexpected(ok.error());
    }

    // A second firm in good standing (score 85, grade AA).
    auto good = demo_firm(db, "91371581MA3D2K8L4K", "临清恒远精密轴承有限公司", "Linqing Hengyuan Precision Bearing Co.",
                          "烟店镇", "圆锥滚子轴承 tapered roller bearings", std::nullopt);
    if (!good) return tl::unexpected(good.error());
    for (const EntryInput& in : {
             EntryInput{"registration", "", "2012-08-01", std::nullopt, "", "", std::nullopt, {}, "营业执照 business licence"},
             EntryInput{"certification", "IATF 16949", day(300), format_iso_date(today + 795), "", "", std::nullopt, {},
                        "认证证书 certificate"},
             EntryInput{"sampling_inspection", "", day(150), std::nullopt, "pass", "", std::nullopt,
                        {{"product", "30205 圆锥滚子轴承"}, {"authority", "山东省市场监督管理局"}}, "监督抽查结果 sampling results"},
             EntryInput{"honour", "聊城市质量奖", day(500), std::nullopt, "", "", std::nullopt, {}, "市政府文件 city decision"},
         }) {
        if (auto ok = add(*good, in); !ok) return tl::unexpected(ok.error());
    }

    // A trader listed for counterfeit bearings under an international brand.
    auto listed = demo_firm(db, "91371581MA3E0P1N2P", "临清某轴承经销部", "Linqing Bearing Trading Dept.", "先锋街道",
                            "轴承销售 bearing trade", std::nullopt);
    if (!listed) return tl::unexpected(listed.error());
    if (auto ok = add(*listed, EntryInput{"penalty", "other", day(120), std::nullopt, "", "", std::nullopt,
                                          {{"authority", amr}, {"decision_no", "临市监罚〔2026〕3号"},
                                           {"amount_yuan", "80000"}, {"finding", "counterfeit"}},
                                          "行政处罚决定书 penalty decision"});
        !ok) {
        return tl::unexpected(ok.error());
    }
    auto black = quality.blacklist_event(*listed, "listed", day(100), "临市监信〔2026〕2号",
                                         "销售假冒国际品牌轴承 counterfeit bearings sold under an international brand", by);
    if (!black) return tl::unexpected(black.error());
    summary.entries_added = added;
    return summary;
}

}  // namespace yandian::app
