import { COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section E of directives.md: honors, commemoration, mutual support between army and civilians (褒扬、纪念、双拥). */
export const SECTION_E: Directive[] = [
  {
    id: 'outstanding-veteran-selection',
    code: 'E1',
    title: { zh: '“优秀退役军人”评选表彰与典型宣传', en: 'Selection and publicity of "outstanding veterans"' },
    kinds: ['recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(一)', quote: '要广泛开展“优秀退役军人”评选表彰和学习宣传活动' },
      { seed: COUNTY_SPEECH, section: '§二(一)', quote: '常态化推广先进典型，广泛宣传典型事迹' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'selection-notice',
        title: { zh: '发布评选通知', en: 'Issue the selection notice' },
        provenance: 'proposed',
      },
      {
        id: 'nominate-review',
        title: { zh: '推荐评审并公示', en: 'Nominate, review and publish the nominees' },
        provenance: 'proposed',
      },
      {
        id: 'commend',
        title: { zh: '评选表彰“优秀退役军人”', en: 'Commend the "outstanding veterans"' },
        provenance: 'text',
      },
      {
        id: 'publicize',
        title: { zh: '广泛宣传典型事迹', en: "Publicize the models' stories" },
        provenance: 'text',
      },
    ],
    evidence: [
      '评选通知 selection notice',
      '公示 public notice',
      '表彰文件 commendation document',
      '宣传报道链接 links to publicity',
    ],
    standards: [],
    deadline: {
      rule: { type: 'endOfYear' },
      provenance: 'proposed',
      note: 'Selection once a year, around 八一; at least one model story published each month; feeds A1 item 12',
    },
    cadence: {
      rule: { every: 'holiday', holidays: ['八一'] },
      provenance: 'proposed',
      note: 'Yearly selection around 八一; publicity at least monthly',
    },
  },
  {
    id: 'honor-shuangyong-mechanisms',
    code: 'E2',
    title: {
      zh: '完善荣誉激励制度、拥军优属长效机制、双拥工作机制',
      en: 'Honor incentives, lasting support for soldiers’ families, and the 双拥 mechanism',
    },
    kinds: ['one-off'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(四)', quote: '完善荣誉激励制度，建立拥军优属长效机制' },
      { seed: COUNTY_SPEECH, section: '§二(四)', quote: '要用足用好现行各种社会救助政策，完善双拥工作机制' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'honor-incentives',
        title: { zh: '完善荣誉激励制度', en: 'Improve the honor-incentive system' },
        provenance: 'text',
      },
      {
        id: 'military-family-support',
        title: { zh: '建立拥军优属长效机制', en: "Set up a lasting mechanism of support for soldiers' families" },
        provenance: 'text',
      },
      {
        id: 'shuangyong-mechanism',
        title: { zh: '完善双拥工作机制', en: 'Improve the 双拥 (army–civilian mutual support) mechanism' },
        provenance: 'text',
      },
      {
        id: 'issue-documents',
        title: { zh: '印发制度文件', en: 'Issue the documents' },
        provenance: 'proposed',
      },
    ],
    evidence: ['印发的制度文件 the documents issued'],
    standards: [],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'proposed' },
  },
  {
    id: 'key-date-commemorations',
    code: 'E3',
    title: { zh: '重要节点褒扬纪念活动；烈士纪念活动', en: "Commemorations on key dates and martyrs' remembrance" },
    kinds: ['recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(四)', quote: '要开展好重要节日慰问联欢和重要节点褒扬纪念活动' },
      { seed: COUNTY_SPEECH, section: '§二(四)', quote: '要做好烈士纪念设施修缮保护，组织开展烈士纪念活动' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'county',
    steps: [
      { id: 'plan', title: { zh: '制定活动方案', en: 'Draw up the plan' }, provenance: 'proposed' },
      {
        id: 'hold-commemoration',
        title: { zh: '组织开展褒扬纪念活动、烈士纪念活动', en: 'Hold the commemoration or martyrs’ remembrance' },
        provenance: 'text',
      },
      {
        id: 'record-publicize',
        title: { zh: '留存照片和参加人员名单，做好宣传报道', en: 'Keep photos and attendance; arrange press coverage' },
        provenance: 'proposed',
      },
    ],
    evidence: ['活动方案 plan', '活动照片 photos', '参加人员名单 attendance', '媒体报道 press coverage'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Each activity is held on the key date itself',
    },
    cadence: {
      rule: { every: 'holiday', holidays: ['清明', '八一', '抗战胜利纪念日', '烈士纪念日', '抗美援朝出国作战纪念日'] },
      provenance: 'proposed',
      note: '清明 and 烈士纪念日 (30 Sep) are implied by the text; 八一, 3 Sep (抗战胜利纪念日) and 25 Oct (抗美援朝出国作战纪念日) are proposed',
    },
  },
  {
    id: 'martyr-facility-maintenance',
    code: 'E4',
    title: { zh: '烈士纪念设施修缮保护', en: "Repair and protect martyrs' memorial facilities" },
    kinds: ['recurring', 'event'],
    sources: [{ seed: COUNTY_SPEECH, section: '§二(四)', quote: '要做好烈士纪念设施修缮保护，组织开展烈士纪念活动' }],
    levels: ['county', 'town'],
    targetLevel: 'county',
    steps: [
      {
        id: 'inspect',
        title: { zh: '巡查烈士纪念设施并登记', en: 'Inspect the facilities and log their condition' },
        provenance: 'proposed',
      },
      {
        id: 'repair-plan',
        title: { zh: '对损坏设施制定修缮计划', en: 'Plan the repair of damaged facilities' },
        provenance: 'proposed',
      },
      {
        id: 'repair-protect',
        title: { zh: '做好烈士纪念设施修缮保护', en: 'Repair and protect the facilities' },
        provenance: 'text',
      },
      {
        id: 'before-after-photos',
        title: { zh: '验收并留存修缮前后照片', en: 'Accept the work and keep before/after photos' },
        provenance: 'proposed',
      },
    ],
    evidence: ['巡查记录 inspection log', '修缮合同 repair contract', '修缮前后照片 before/after photos'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Inspections before 清明 and before 30 Sep; repairs follow a scheduled plan',
    },
    cadence: {
      rule: { every: 'holiday', holidays: ['清明', '烈士纪念日'] },
      provenance: 'proposed',
      note: 'Inspect before 清明 and before 烈士纪念日 (30 Sep); each round opens 30 days ahead.',
      dueAtPeriodEnd: true,
    },
    triggers: [
      {
        type: 'martyr-facility-damage-found',
        title: { zh: '发现烈士纪念设施损坏', en: "Damage to a martyrs' memorial facility is found" },
        deadline: { type: 'withinDays', days: 30 },
        provenance: 'proposed',
      },
    ],
  },
];
