import { CITY_SPEECH, COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section F of directives.md: petitions and stability (信访稳定). */
export const SECTION_F: Directive[] = [
  {
    id: 'petition-four-modes',
    code: 'F1',
    title: { zh: '接访、约访、下访、督访', en: 'Receive, appoint, visit and supervise petitioners (four modes)' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§五 item 1', quote: '扎实做好接访、约访、下访、督访工作' },
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '做好开门接访、深入下访、全面排查等工作' },
    ],
    levels: ['city', 'county', 'town'],
    targetLevel: 'county',
    steps: [
      {
        id: 'receive-petitioners',
        title: { zh: '开门接访', en: 'Receive petitioners (接访): bureau reception days and leaders’ reception days' },
        provenance: 'text',
      },
      {
        id: 'appointment-visits',
        title: { zh: '约访', en: 'Meet petitioners by appointment (约访), case by case' },
        provenance: 'text',
      },
      {
        id: 'field-visits',
        title: { zh: '深入下访', en: 'Make field visits (下访) to the towns' },
        provenance: 'text',
      },
      {
        id: 'supervised-visits',
        title: { zh: '督访', en: 'Supervised visits (督访) by the city and the county' },
        provenance: 'text',
      },
    ],
    evidence: ['接访登记 reception register', '约访记录 appointment records', '下访日志 field-visit logs', '督访报告 supervision reports'],
    standards: [],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: 'One round of the four modes per quarter.' },
    cadence: {
      rule: { every: 'quarter' },
      provenance: 'proposed',
      note: 'Bureau reception day weekly, leaders’ reception day monthly, appointments per case, field visits and supervised visits at least quarterly.',
    },
  },
  {
    id: 'sensitive-period-stability',
    code: 'F2',
    title: { zh: '特殊敏感时段严密稳控、疏导化解', en: 'Stability control in sensitive periods' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§五 item 1', quote: '“两会”和元旦春节等特殊敏感时段已经过去' },
      { seed: CITY_SPEECH, section: '§五 item 1', quote: '夯实工作责任，细化稳控措施' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'update-key-persons',
        title: { zh: '更新重点人员名单', en: 'Update the list of key persons' },
        provenance: 'proposed',
      },
      {
        id: 'per-person-plan',
        title: {
          zh: '逐人制定严密稳控与疏导化解相结合的方案，夯实工作责任',
          en: 'Make a plan for each person combining control with guidance (稳控 + 疏导), naming who is responsible',
        },
        provenance: 'text',
      },
      { id: 'duty-roster', title: { zh: '安排值班表', en: 'Set a duty roster' }, provenance: 'proposed' },
      {
        id: 'daily-report',
        title: { zh: '敏感时段内每日报告（无事零报告）', en: 'Report daily during the period, with nil reports (零报告)' },
        provenance: 'proposed',
      },
      {
        id: 'post-period-review',
        title: { zh: '时段结束后总结', en: 'Review after the period' },
        provenance: 'proposed',
      },
    ],
    evidence: ['稳控方案 plan', '值班表 duty roster', '每日报告 daily reports'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 7 },
      provenance: 'proposed',
      note: 'Plan due 7 days before the period starts; daily reports during it; review afterwards.',
    },
    cadence: {
      rule: { every: 'sensitive-period', periods: ['两会', '元旦', '春节'] },
      provenance: 'text',
      note: 'Superiors may designate more periods (e.g. 国庆, major Party meetings) [proposed]. Do not relax between periods.',
    },
  },
  {
    id: 'petition-rescreening',
    code: 'F3',
    title: { zh: '信访诉求再排查', en: 'Re-screen every petition case with four checks' },
    kinds: ['one-off', 'event'],
    sources: [
      { seed: CITY_SPEECH, section: '§五 item 2', quote: '对各类信访诉求要进行一次再排查' },
      { seed: CITY_SPEECH, section: '§五 item 2', quote: '针对问题及时做好一人一事的工作' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      { id: 'list-cases', title: { zh: '梳理各类信访诉求', en: 'List every petition case' }, provenance: 'proposed' },
      {
        id: 'check-timely-reply',
        title: { zh: '是否及时按照政策规定予以答复', en: 'Check: was the petitioner answered on time and according to policy?' },
        provenance: 'text',
      },
      {
        id: 'check-timeliness-benchmark',
        title: {
          zh: '对照《信访工作条例》时限核查答复时效（约15日决定是否受理，约60日办结，可延长30日）',
          en: 'Benchmark timeliness against the petition regulations: ~15 days to accept, ~60 days to conclude, +30 (verify)',
        },
        provenance: 'external',
      },
      {
        id: 'check-policy-implemented',
        title: { zh: '政策规定是否落实到位', en: 'Check: has the policy been fully implemented?' },
        provenance: 'text',
      },
      {
        id: 'check-problem-solved',
        title: { zh: '反映问题是否得到有效解决', en: 'Check: has the problem raised actually been solved?' },
        provenance: 'text',
      },
      {
        id: 'check-attitude-stable',
        title: { zh: '人员思想是否出现反弹波动', en: 'Check: has the petitioner’s attitude relapsed or wavered?' },
        provenance: 'text',
      },
      {
        id: 'open-follow-ups',
        title: {
          zh: '针对问题及时做好一人一事的工作',
          en: 'Open a one-person-one-case (一人一事) task for every case that fails a check',
        },
        provenance: 'text',
      },
    ],
    evidence: ['逐案再排查表（签字） re-screening form per case, signed', '跟进任务清单 list of follow-up tasks'],
    standards: [],
    deadline: { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed', note: 'One re-screening pass, T0+30d.' },
    triggers: [
      {
        type: 'rescreening-check-failed',
        title: {
          zh: '再排查案件未通过检查（一人一事）',
          en: 'A re-screened petition case fails a check (one-person-one-case task)',
        },
        deadline: { type: 'withinDays', days: 30 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'no-buck-passing',
    code: 'F4',
    title: { zh: '防止矛盾上交；层层把关、上下一致', en: 'Do not pass conflicts upward; review at every level, answer consistently' },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§五 item 3', quote: '决不能出现不负责任、矛盾上交的现象' },
      { seed: CITY_SPEECH, section: '§五 item 3', quote: '做到坚持层层把关、上下一致' },
      { seed: CITY_SPEECH, section: '§五 item 3', quote: '把握不准的不能乱开口子' },
    ],
    levels: ['city', 'county', 'town'],
    targetLevel: 'county',
    steps: [
      {
        id: 'level-review',
        title: { zh: '答复层层把关', en: 'Every reply is reviewed level by level' },
        provenance: 'text',
      },
      {
        id: 'consistent-answers',
        title: { zh: '上下一致', en: 'Answers are the same at every level' },
        provenance: 'text',
      },
      {
        id: 'no-unauthorized-concessions',
        title: { zh: '把握不准的不能乱开口子', en: 'No concessions outside policy when the policy position is unclear' },
        provenance: 'text',
      },
      {
        id: 'patient-explanation',
        title: { zh: '不符合政策规定要耐心说服解释', en: 'Explain patiently to cases that do not meet policy' },
        provenance: 'text',
      },
      {
        id: 'justified-escalation',
        title: {
          zh: '上交案件须书面说明理由并经审批，统计上交及越级访案件',
          en: 'Escalation needs a written reason and approval; count escalated cases, including 越级访',
        },
        provenance: 'proposed',
      },
    ],
    evidence: ['答复审核记录 review trail on each reply', '上交登记 escalation log', '一致性核查 consistency audit'],
    standards: [
      {
        id: 'unhandled-escalations',
        title: { zh: '未经处理即上交的矛盾', en: 'Cases pushed up a level without being handled first' },
        appliesTo: { level: 'county' },
        max: 0,
        unit: '次',
        provenance: 'proposed',
      },
    ],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: 'Continuous rule; compliance is checked each quarter.' },
  },
  {
    id: 'holistic-case-resolution',
    code: 'F5',
    title: { zh: '防止简单处理', en: 'No simplistic handling: work on five fronts for each case' },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§五 item 4', quote: '不能只给钱给物' },
      { seed: CITY_SPEECH, section: '§五 item 4', quote: '从关心关爱、思想教育、政治引领、法制宣讲、帮难解困等方面多做工作' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'case-plan',
        title: { zh: '为每件案件制定涵盖五个方面的化解方案', en: 'Draw up a plan for each case covering the five fronts' },
        provenance: 'proposed',
      },
      {
        id: 'beyond-money',
        title: {
          zh: '不能只给钱给物，从关心关爱、思想教育、政治引领、法制宣讲、帮难解困等方面多做工作',
          en: 'Do not only give money or goods; work on care, education, political guidance, law and practical help',
        },
        provenance: 'text',
      },
      {
        id: 'untie-knots',
        title: { zh: '把思想扣子解开，把矛盾问题解决好', en: 'Untie the ideological knot and solve the conflict' },
        provenance: 'text',
      },
    ],
    evidence: ['五方面齐全的案件方案 the case plan with all five fronts filled in'],
    standards: [
      {
        id: 'five-fronts',
        title: { zh: '案件方案五个方面', en: 'The five fronts of each case plan' },
        appliesTo: { level: 'town' },
        min: 5,
        max: 5,
        unit: '项',
        checklist: [
          { id: 'care-concern', title: { zh: '关心关爱', en: 'Care and concern' }, provenance: 'text' },
          { id: 'ideological-education', title: { zh: '思想教育', en: 'Ideological education' }, provenance: 'text' },
          { id: 'political-guidance', title: { zh: '政治引领', en: 'Political guidance' }, provenance: 'text' },
          { id: 'law-explanation', title: { zh: '法制宣讲', en: 'Explaining the law' }, provenance: 'text' },
          { id: 'practical-help', title: { zh: '帮难解困', en: 'Practical help with difficulties' }, provenance: 'text' },
        ],
        provenance: 'text',
      },
    ],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: 'Continuous rule; compliance is checked each quarter.' },
  },
  {
    id: 'case-policy-decision-rule',
    code: 'F6',
    title: { zh: '政策落实四分法', en: 'Four-way policy decision for each grievance' },
    kinds: ['standing'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '符合政策的，坚决落实到位；政策落实不准的，及时纠错纠偏' },
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '政策界定比较模糊、情况比较特殊的，要加强政策研究' },
      { seed: CITY_SPEECH, section: '§五 item 3', quote: '不符合政策规定要耐心说服解释' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'branch-meets-policy',
        title: { zh: '符合政策的，坚决落实到位', en: 'A. Meets the policy: implement it fully' },
        provenance: 'text',
      },
      {
        id: 'branch-misapplied',
        title: { zh: '政策落实不准的，及时纠错纠偏', en: 'B. Policy applied wrongly: correct it and reopen the case' },
        provenance: 'text',
      },
      {
        id: 'branch-not-eligible',
        title: {
          zh: '不符合政策的必须坚持原则，耐心说服解释',
          en: 'C. Does not meet the policy: hold the line and explain patiently',
        },
        provenance: 'text',
      },
      {
        id: 'branch-unclear',
        title: {
          zh: '政策界定比较模糊、情况比较特殊的，加强政策研究，寻求解决办法，把握原则底线',
          en: 'D. Policy unclear or case special: research the policy, find a solution within the principles',
        },
        provenance: 'text',
      },
      {
        id: 'record-branch',
        title: { zh: '逐案记录所属情形及决定', en: 'Record the branch and the decision for each case' },
        provenance: 'proposed',
      },
    ],
    evidence: ['逐案情形及决定记录 the branch recorded for each case, with the decision record'],
    standards: [],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: 'Continuous rule; compliance is checked each quarter.' },
  },
  {
    id: 'grievance-department-referral',
    code: 'F7',
    title: { zh: '分门别类协调部门解决', en: 'Refer grievances by category to the competent departments' },
    kinds: ['event'],
    sources: [{ seed: COUNTY_SPEECH, section: '§二(五)', quote: '积极主动协调对接人社、医保、民政、卫健、工会、扶贫等部门' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'classify-grievance',
        title: { zh: '围绕梳理的诉求分门别类', en: 'Classify the grievance by category' },
        provenance: 'text',
      },
      {
        id: 'refer-department',
        title: {
          zh: '协调对接人社、医保、民政、卫健、工会、扶贫等部门',
          en: 'Refer it to the competent department: 人社, 医保, 民政, 卫健, 工会, 扶贫 …',
        },
        provenance: 'text',
      },
      {
        id: 'department-answer',
        title: { zh: '部门15个工作日内答复', en: 'Obtain the department’s answer within 15 working days' },
        provenance: 'proposed',
      },
      {
        id: 'resolve',
        title: { zh: '整合政策资源，务实解决', en: 'Pool policy resources and resolve it in practice' },
        provenance: 'text',
      },
    ],
    evidence: ['转办函 referral letter', '部门答复 the department’s answer'],
    standards: [],
    deadline: {
      rule: { type: 'withinWorkingDays', days: 5 },
      provenance: 'proposed',
      note: 'Referral within 5 working days of classification; department answer within 15 working days.',
    },
    triggers: [
      {
        type: 'grievance-classified',
        title: { zh: '诉求完成分类', en: 'A grievance is classified' },
        deadline: { type: 'withinWorkingDays', days: 5 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'three-key-screening-ledger',
    code: 'F8',
    title: {
      zh: '三重点排查、列清单、建台账',
      en: 'Screen key groups, issues and persons; make the list and ledger',
    },
    kinds: ['one-off', 'recurring'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '围绕重点群体、重点问题、重点人员' },
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '找准问题、列实清单，建立台账、综合施策' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'screen',
        title: { zh: '开门接访、深入下访、全面排查', en: 'Receive petitioners, make field visits, screen thoroughly' },
        provenance: 'text',
      },
      { id: 'pin-down-problems', title: { zh: '找准问题', en: 'Pin down the problems' }, provenance: 'text' },
      { id: 'make-list', title: { zh: '列实清单', en: 'Make the list' }, provenance: 'text' },
      { id: 'build-ledger', title: { zh: '建立台账', en: 'Build the ledger' }, provenance: 'text' },
      { id: 'combined-measures', title: { zh: '综合施策', en: 'Apply combined measures' }, provenance: 'text' },
    ],
    evidence: ['重点群体、重点问题、重点人员台账 the ledger, with entries for key groups, issues and persons'],
    standards: [],
    deadline: { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed', note: 'List and ledger by T0+30d.' },
    cadence: { rule: { every: 'month' }, provenance: 'proposed', note: 'Ledger updated monthly.' },
  },
  {
    id: 'petition-backlog-clearance',
    code: 'F9',
    title: { zh: '信访积案年内化解', en: 'Clear the long-standing petition backlog within the year' },
    kinds: ['one-off'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '认真解决长期得不到化解的信访积案问题是年内的一项主要工作' },
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '今年是“退役军人矛盾问题攻坚化解年”' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'county',
    steps: [
      { id: 'list-backlog', title: { zh: '列出信访积案清单', en: 'List the backlog cases' }, provenance: 'proposed' },
      {
        id: 'plan-and-assign-leader',
        title: { zh: '一案一方案，领导包案', en: 'Give each case a plan and a leader who owns it (领导包案)' },
        provenance: 'proposed',
      },
      { id: 'resolve-case', title: { zh: '化解积案', en: 'Resolve each case' }, provenance: 'text' },
      {
        id: 'close-with-signoff',
        title: { zh: '签字销号办结', en: 'Close each case with a sign-off' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '积案清单 backlog list',
      '逐案化解报告 closure report for each case',
      '息诉罢访协议 the petitioner’s written agreement to end the petition',
    ],
    standards: [
      {
        id: 'backlog-resolved',
        title: { zh: '信访积案化解或依法终结比例', en: 'Backlog cases resolved or formally concluded' },
        appliesTo: { level: 'county' },
        min: 100,
        max: 100,
        unit: '%',
        provenance: 'proposed',
      },
    ],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'text', note: 'Within the year (年内): 31 Dec, 2020 by the text.' },
  },
  {
    id: 'three-no-occurrences',
    code: 'F10',
    title: { zh: '三个不发生', en: 'The “three no-occurrences”' },
    kinds: ['standing', 'event'],
    sources: [
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '确保不发生规模性赴呼进京集体访' },
      { seed: COUNTY_SPEECH, section: '§二(五)', quote: '不发生极端事件、不发生影响恶劣的與论负面炒作' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'resolve-conflicts',
        title: { zh: '认真做好矛盾问题化解工作', en: 'Work on resolving conflicts and problems' },
        provenance: 'text',
      },
      {
        id: 'monthly-nil-report',
        title: { zh: '每月零报告', en: 'Submit the monthly nil report' },
        provenance: 'proposed',
      },
      {
        id: 'incident-report',
        title: { zh: '发生事件1小时内报告', en: 'Report any incident within 1 hour' },
        provenance: 'proposed',
      },
    ],
    evidence: ['月度零报告 monthly nil reports', '事件报告 incident reports'],
    standards: [
      {
        id: 'no-group-petition-to-capitals',
        title: { zh: '规模性赴呼进京集体访', en: 'Large-scale group petitions to Hohhot or Beijing' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '次',
        provenance: 'text',
      },
      {
        id: 'no-extreme-incident',
        title: { zh: '极端事件', en: 'Extreme incidents' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '次',
        provenance: 'text',
      },
      {
        id: 'no-negative-opinion-hype',
        title: { zh: '影响恶劣的舆论负面炒作', en: 'Malicious negative public-opinion campaigns' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '次',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'endOfMonth' },
      provenance: 'proposed',
      note: 'Continuous zero target; monthly nil report; incidents go through the event trigger (1 h).',
    },
    triggers: [
      {
        type: 'stability-incident-occurred',
        title: {
          zh: '发生规模性集体访、极端事件或负面舆论炒作',
          en: 'A large-scale group petition, extreme incident or negative opinion campaign occurs',
        },
        deadline: { type: 'withinHours', hours: 1 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'constraint-incentive-mechanism',
    code: 'F11',
    title: { zh: '探索建立约束管理和激励服务机制', en: 'Explore a mechanism combining constraint and incentive' },
    kinds: ['one-off'],
    sources: [{ seed: COUNTY_SPEECH, section: '§二(五)', quote: '探索建立退役军人约束管理和激励服务机制' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'research',
        title: { zh: '调研约束管理和激励服务的做法', en: 'Research approaches to constraint and incentive' },
        provenance: 'proposed',
      },
      {
        id: 'draft-mechanism',
        title: { zh: '起草约束管理和激励服务机制文件', en: 'Draft the mechanism document' },
        provenance: 'proposed',
      },
      {
        id: 'issue-mechanism',
        title: { zh: '报批印发并报告', en: 'Have it approved, issue it and report' },
        provenance: 'proposed',
      },
    ],
    evidence: ['机制文件 the mechanism document'],
    standards: [],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'proposed' },
  },
  {
    id: 'ideology-anti-infiltration',
    code: 'F12',
    title: {
      zh: '坚守意识形态阵地、抵御极端思想渗透',
      en: 'Hold the ideological front and resist extremist infiltration',
    },
    kinds: ['recurring'],
    sources: [{ seed: COUNTY_SPEECH, section: '§二(五)', quote: '要坚守意识形态思想阵地，结合“扫黑除恶”专项行动' }],
    levels: ['county', 'town', 'village'],
    targetLevel: 'town',
    steps: [
      {
        id: 'prepare-materials',
        title: { zh: '结合“扫黑除恶”专项行动准备宣传材料', en: 'Prepare materials, tied to the anti-gang campaign (扫黑除恶)' },
        provenance: 'proposed',
      },
      {
        id: 'publicity-education',
        title: {
          zh: '宣传引导退役军人自觉抵御极端思想渗透',
          en: 'Hold publicity and education so veterans resist extremist infiltration',
        },
        provenance: 'text',
      },
      {
        id: 'guard-against-incitement',
        title: {
          zh: '严防煽动性、破坏性、蛊惑性言论和行为',
          en: 'Guard against inflammatory, subversive and misleading words and acts',
        },
        provenance: 'text',
      },
      { id: 'record-sessions', title: { zh: '留存活动记录', en: 'Keep session records' }, provenance: 'proposed' },
    ],
    evidence: ['宣传材料 materials', '活动记录 session records'],
    standards: [],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed' },
    cadence: { rule: { every: 'quarter' }, provenance: 'proposed' },
  },
  {
    id: 'illegal-gathering-response',
    code: 'F13',
    title: {
      zh: '制止煽动串联、违法聚集、挑头闹事',
      en: 'Stop irregular petitioning, incitement and illegal gatherings',
    },
    kinds: ['event'],
    sources: [{ seed: COUNTY_SPEECH, section: '§二(五)', quote: '挑头闹事的行为要坚决制止和依法处置' }],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      { id: 'stop-immediately', title: { zh: '坚决制止', en: 'Stop it firmly and at once' }, provenance: 'text' },
      { id: 'report-within-hour', title: { zh: '1小时内报告', en: 'Report within 1 hour' }, provenance: 'proposed' },
      {
        id: 'handle-lawfully',
        title: { zh: '会同公安依法处置', en: 'Deal with it according to law, with public security (公安)' },
        provenance: 'text',
      },
      { id: 'record-handling', title: { zh: '形成处置记录', en: 'Record the handling' }, provenance: 'proposed' },
    ],
    evidence: ['事件报告 incident report', '处置记录 handling record'],
    standards: [],
    deadline: {
      rule: { type: 'withinHours', hours: 1 },
      provenance: 'proposed',
      note: 'Stop immediately (text); report within 1 hour.',
    },
    triggers: [
      {
        type: 'irregular-petition-reported',
        title: { zh: '不按照正常途径表达诉求', en: 'A grievance is pressed outside the normal channels' },
        deadline: { type: 'withinHours', hours: 1 },
        provenance: 'proposed',
      },
      {
        type: 'incitement-collusion-reported',
        title: { zh: '煽动串联', en: 'Incitement and collusion' },
        deadline: { type: 'withinHours', hours: 1 },
        provenance: 'proposed',
      },
      {
        type: 'illegal-gathering-reported',
        title: { zh: '违法聚集', en: 'An illegal gathering' },
        deadline: { type: 'withinHours', hours: 1 },
        provenance: 'proposed',
      },
      {
        type: 'disturbance-ringleader-reported',
        title: { zh: '挑头闹事', en: 'Someone leads a disturbance' },
        deadline: { type: 'withinHours', hours: 1 },
        provenance: 'proposed',
      },
    ],
  },
];
