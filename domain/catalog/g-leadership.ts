import { COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section G of directives.md: governance and accountability (组织领导与问责). */
export const SECTION_G: Directive[] = [
  {
    id: 'key-work-schedule-decomposition',
    code: 'G1',
    title: {
      zh: '按2020年重点工作推进表目标化、具体化',
      en: 'Turn the 2020 key-work schedule into targets, deadlines and owners',
    },
    kinds: ['one-off', 'recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§三(一)', quote: '要按照2020年重点工作推进表，将工作目标化、具体化' },
      { seed: COUNTY_SPEECH, section: '§三(一)', quote: '明确完成时限，责任落实到人' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      { id: 'set-targets', title: { zh: '将工作目标化、具体化', en: 'Turn each item into concrete targets' }, provenance: 'text' },
      { id: 'set-deadlines', title: { zh: '明确完成时限', en: 'Set a completion deadline for each item' }, provenance: 'text' },
      { id: 'assign-owners', title: { zh: '责任落实到人', en: 'Name an owner for each item' }, provenance: 'text' },
      {
        id: 'monthly-progress-review',
        title: { zh: '每月调度推进情况', en: 'Review progress monthly' },
        provenance: 'proposed',
      },
    ],
    evidence: ['任务分解表（目标、时限、责任人） a task table with target, deadline and owner for each item'],
    standards: [],
    deadline: { rule: { type: 'withinDays', days: 15 }, provenance: 'proposed', note: 'Broken down by T0+15d.' },
    cadence: { rule: { every: 'month' }, provenance: 'proposed', note: 'Progress reviewed monthly.' },
    externalDependency: 'The content of the 2020 key-work schedule (2020年重点工作推进表) is not in the speech and must be imported.',
  },
  {
    id: 'implement-work-report',
    code: 'G2',
    title: { zh: '贯彻落实×同志工作报告', en: 'Implement comrade ×’s work report' },
    kinds: ['one-off'],
    sources: [{ seed: COUNTY_SPEECH, section: 'opening paragraph', quote: '请各地、各有关部门认真抓好贯彻落实' }],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'break-down-report',
        title: { zh: '将工作报告的部署分解为具体任务', en: 'Break the report’s arrangements down into tasks' },
        provenance: 'proposed',
      },
      {
        id: 'implement',
        title: { zh: '认真抓好贯彻落实', en: 'Implement them conscientiously' },
        provenance: 'text',
      },
      {
        id: 'report-progress',
        title: { zh: '报告贯彻落实情况', en: 'Report on implementation' },
        provenance: 'proposed',
      },
    ],
    evidence: ['由报告分解出的任务 the tasks that come out of the report'],
    standards: [],
    deadline: {
      rule: { type: 'endOfYear' },
      provenance: 'proposed',
      note: 'The report sets its own deadlines; year end is only a fallback.',
    },
    externalDependency: 'Comrade ×’s work report is not in the speech; its content and deadlines must be imported.',
  },
  {
    id: 'year-end-scorecard',
    code: 'G3',
    title: { zh: '交一份满意的“成绩单”', en: 'Hand in a satisfactory year-end report card' },
    kinds: ['recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§三(一)', quote: '交一份满意的“成绩单”' },
      { seed: COUNTY_SPEECH, section: '§三', quote: '确保圆满完成全年目标任务' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'tally-targets',
        title: { zh: '对照全年目标任务逐项统计完成情况', en: 'Tally how far each of the year’s targets was met' },
        provenance: 'proposed',
      },
      {
        id: 'draft-annual-report',
        title: { zh: '撰写年度工作报告', en: 'Draft the annual report' },
        provenance: 'proposed',
      },
      {
        id: 'submit-scorecard',
        title: {
          zh: '向县委、政府和各族干部群众交一份满意的“成绩单”',
          en: 'Present the report card to the county Party committee and government',
        },
        provenance: 'text',
      },
    ],
    evidence: ['年度工作报告（各目标完成情况） annual report showing how far each target was met'],
    standards: [],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'proposed' },
    cadence: { rule: { every: 'year' }, provenance: 'text', note: 'Once a year, on the year’s targets (全年目标任务).' },
  },
  {
    id: 'one-post-two-duties',
    code: 'G4',
    title: {
      zh: '党风廉政建设“一岗双责”',
      en: 'Each post carries two duties: its work and clean governance',
    },
    kinds: ['standing', 'recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§三(一)', quote: '认真履行党风廉政建设“一岗双责”领导责任' },
      { seed: COUNTY_SPEECH, section: '§二(二)', quote: '决不能为套取资金弄虚作假' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'sign-responsibility-letters',
        title: { zh: '签订党风廉政建设责任书', en: 'Sign the clean-governance responsibility letters' },
        provenance: 'proposed',
      },
      {
        id: 'integrity-talks',
        title: { zh: '定期开展廉政谈话', en: 'Hold regular integrity talks' },
        provenance: 'proposed',
      },
      {
        id: 'fund-audit',
        title: {
          zh: '开展资金审计，决不能为套取资金弄虚作假',
          en: 'Audit funds: no fraud to obtain funds',
        },
        provenance: 'proposed',
      },
    ],
    evidence: ['签订的责任书 signed responsibility letters', '廉政检查记录 records of integrity checks', '审计报告 audit reports'],
    standards: [
      {
        id: 'no-fund-fraud',
        title: { zh: '为套取资金弄虚作假', en: 'Fraud to obtain funds' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '次',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'endOfYear' },
      provenance: 'proposed',
      note: 'Annual cycle: responsibility letters signed each year; integrity talks and fund audits during it.',
    },
    cadence: { rule: { every: 'year' }, provenance: 'proposed', note: 'Responsibility letters signed every year.' },
  },
  {
    id: 'coordination-briefing-consultation',
    code: 'G5',
    title: {
      zh: '工作协调机制：定期通报、及时会商',
      en: 'Coordination mechanism: regular briefings and prompt consultation',
    },
    kinds: ['recurring', 'event'],
    sources: [{ seed: COUNTY_SPEECH, section: '§三(三)', quote: '坚持工作情况定期通报，重大问题及时会商' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'coordinate',
        title: {
          zh: '密切军地之间、部门之间、地区之间统筹协同',
          en: 'Coordinate between army and local government, departments and areas',
        },
        provenance: 'text',
      },
      {
        id: 'issue-bulletin',
        title: { zh: '工作情况定期通报', en: 'Issue the regular progress bulletin' },
        provenance: 'text',
      },
      {
        id: 'consult-major-issues',
        title: { zh: '重大问题及时会商', en: 'Hold a consultation on each major issue' },
        provenance: 'text',
      },
      {
        id: 'record-minutes',
        title: { zh: '形成会商纪要', en: 'Record the consultation minutes' },
        provenance: 'proposed',
      },
    ],
    evidence: ['工作通报 bulletins', '会商纪要 consultation minutes'],
    standards: [],
    deadline: { rule: { type: 'endOfMonth' }, provenance: 'proposed', note: 'Monthly bulletin.' },
    cadence: { rule: { every: 'month' }, provenance: 'proposed', note: 'Bulletin monthly (定期通报).' },
    triggers: [
      {
        type: 'major-coordination-issue-raised',
        title: { zh: '出现需会商的重大问题', en: 'A major issue needing consultation arises' },
        deadline: { type: 'withinWorkingDays', days: 5 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'department-concrete-measures',
    code: 'G6',
    title: { zh: '各相关部门拿出具体可行的举措', en: 'Each related department submits concrete measures' },
    kinds: ['one-off'],
    sources: [{ seed: COUNTY_SPEECH, section: '§三(三)', quote: '拿出具体可行的举措' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'draft-measures',
        title: {
          zh: '根据职能职责，按照会议精神拿出具体可行的举措',
          en: 'Draft concrete, workable measures within the department’s remit, per the meeting',
        },
        provenance: 'text',
      },
      {
        id: 'submit-measures',
        title: { zh: '报送举措文件', en: 'Submit the measures document' },
        provenance: 'proposed',
      },
      {
        id: 'implement-measures',
        title: { zh: '积极推动退役军人工作各项任务有效落实', en: 'Put the measures into effect' },
        provenance: 'text',
      },
    ],
    evidence: ['各部门举措文件 each department’s measures document'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Departments: 财政, 人社, 医保, 税务, 民政, 卫健, 工会, 扶贫 and others.',
    },
  },
  {
    id: 'resource-support',
    code: 'G7',
    title: { zh: '人员、资金、技术支持', en: 'Staff, money and technology for veterans work' },
    kinds: ['standing'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§三(三)', quote: '该配套的必须配套、该投入的必须投入、该倾斜的必须倾斜' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      { id: 'match-funds', title: { zh: '该配套的必须配套', en: 'Match what must be matched' }, provenance: 'text' },
      { id: 'invest', title: { zh: '该投入的必须投入', en: 'Invest what must be invested' }, provenance: 'text' },
      { id: 'favour', title: { zh: '该倾斜的必须倾斜', en: 'Favour what must be favoured' }, provenance: 'text' },
      {
        id: 'budget-review',
        title: {
          zh: '在年度预算中落实人员、资金、技术支持',
          en: 'Provide for staff, money and technology in the annual budget',
        },
        provenance: 'proposed',
      },
    ],
    evidence: ['预算文件 budget documents'],
    standards: [],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'proposed', note: 'Checked in the annual budget cycle.' },
  },
];
