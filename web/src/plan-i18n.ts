// Strings of the plan-progress page, in English and Simplified Chinese. Indicator names come from the plans in
// Chinese with an English label from the platform; numbers and units are never translated.
import { lang } from './i18n';

const en = {
    'plan.title': 'Plan targets 2021–2025',
    'plan.text': 'Every Linqing target of the three plans with its baseline, the growth it requires, the latest actual and its status. The status rule and the sources are in docs/stats/plan-tracking.md.',
    'plan.all': 'All plans',
    'plan.bearing': 'Bearing industry',
    'plan.textile': 'Textile and apparel',
    'plan.farm_machinery': 'Farm machinery',
    'plan.indicator': 'Indicator',
    'plan.unit': 'Unit',
    'plan.baseline': 'Baseline',
    'plan.target': 'Target',
    'plan.latest': 'Latest actual',
    'plan.required': 'Required growth a year',
    'plan.achieved': 'Achieved a year',
    'plan.needed': 'Still needed a year',
    'plan.status': 'Status',
    'plan.why': 'Notes',
    'plan.status.on_track': 'on track',
    'plan.status.at_risk': 'at risk',
    'plan.status.off_track': 'off track',
    'plan.status.no_actual': 'no actual yet',
    'plan.status.not_computable': 'not computable',
    'plan.summary': '{on} on track, {risk} at risk, {off} off track, {none} without a latest figure, of {n}.',
    'plan.groups': 'Enterprise tables',
    'plan.group': 'Table',
    'plan.members': 'Firms',
    'plan.enterprises': 'Enterprises',
    'plan.rank': 'Rank',
    'plan.noEnterprises': 'No enterprise target is visible to your organisation.',
    'plan.none': 'No targets.',
};

export type PlanKey = keyof typeof en;

const zh: Record<PlanKey, string> = {
    'plan.title': '2021–2025 年规划目标',
    'plan.text': '三个规划中临清市的各项目标：基期值、所需年均增速、最新实际值和进展状态。状态规则与出处见 docs/stats/plan-tracking.md。',
    'plan.all': '全部规划',
    'plan.bearing': '轴承产业',
    'plan.textile': '纺织服装',
    'plan.farm_machinery': '农机装备',
    'plan.indicator': '指标',
    'plan.unit': '单位',
    'plan.baseline': '基期',
    'plan.target': '目标',
    'plan.latest': '最新实际',
    'plan.required': '所需年均增速',
    'plan.achieved': '已实现年均增速',
    'plan.needed': '尚需年均增速',
    'plan.status': '状态',
    'plan.why': '说明',
    'plan.status.on_track': '按计划推进',
    'plan.status.at_risk': '有风险',
    'plan.status.off_track': '偏离',
    'plan.status.no_actual': '尚无实际值',
    'plan.status.not_computable': '无法判断',
    'plan.summary': '共 {n} 项：按计划 {on} 项，有风险 {risk} 项，偏离 {off} 项，无最新数据 {none} 项。',
    'plan.groups': '企业名单',
    'plan.group': '名单',
    'plan.members': '企业数',
    'plan.enterprises': '企业',
    'plan.rank': '序号',
    'plan.noEnterprises': '本机构可见的企业目标为空。',
    'plan.none': '没有目标。',
};

export function tp(key: PlanKey, params?: Record<string, string | number>): string {
    let text = (lang() === 'zh-CN' ? zh[key] : en[key]) ?? en[key] ?? key;
    if (params) for (const [k, v] of Object.entries(params)) text = text.split(`{${k}}`).join(String(v));
    return text;
}
