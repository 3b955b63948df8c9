import { CITY_SPEECH, COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section B of directives.md: staff, teams and capacity (工作队伍). */
export const SECTION_B: Directive[] = [
  {
    id: 'county-center-staffing',
    code: 'B1',
    title: { zh: '县区服务中心配齐主任及工作人员', en: 'County/district service center fully staffed' },
    kinds: ['standing'],
    sources: [{ seed: CITY_SPEECH, section: '§二 item 1', quote: '县区必须配齐退役军人服务中心主任及工作人员' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'appoint-director',
        title: { zh: '配齐退役军人服务中心主任', en: 'Appoint the service-center director' },
        provenance: 'text',
      },
      {
        id: 'fill-staff',
        title: { zh: '按编制配齐工作人员', en: 'Fill the staff posts of the authorized establishment (编制)' },
        provenance: 'text',
      },
      {
        id: 'compare-roster',
        title: { zh: '人员名册与编制批复比对', en: 'Compare the roster with the 编制 approval' },
        provenance: 'proposed',
      },
      {
        id: 'report-to-city',
        title: { zh: '向市里报告配备情况', en: 'Report the staffing to the city' },
        provenance: 'proposed',
      },
    ],
    evidence: ['任命文件 appointment documents', '人员名册与编制批复对照 staff roster compared with the 编制 approval'],
    standards: [
      {
        id: 'director',
        title: { zh: '服务中心主任', en: 'Service-center director in post' },
        appliesTo: { level: 'county' },
        min: 1,
        unit: '人',
        provenance: 'text',
      },
      {
        id: 'staff-vs-establishment',
        title: { zh: '工作人员按编制配齐率', en: 'Staff in post as a share of the authorized establishment' },
        appliesTo: { level: 'county' },
        min: 100,
        unit: '%',
        provenance: 'proposed',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 60 },
      provenance: 'proposed',
      note: 'Fully staffed by T0+60d; a compliance snapshot every month after that. The text gives no headcount.',
    },
  },
  {
    id: 'town-fulltime-staff',
    code: 'B2',
    title: { zh: '乡镇街道2至3名专职工作人员、专职专用', en: '2–3 dedicated full-time staff per town/street' },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 1', quote: '乡镇、街道办必须配齐2至3名专职工作人员' },
      { seed: CITY_SPEECH, section: '§二 item 1', quote: '非特殊情况不得随意安排做非退役军人工作' },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'appoint-fulltime-staff',
        title: { zh: '配齐2至3名专职工作人员', en: 'Appoint 2 to 3 full-time staff' },
        provenance: 'text',
      },
      {
        id: 'issue-appointment-letters',
        title: { zh: '印发注明“专职”的任命文件', en: 'Issue appointment letters that say full-time (专职)' },
        provenance: 'proposed',
      },
      {
        id: 'log-exceptions',
        title: {
          zh: '特殊情况安排非退役军人工作须经审批并登记',
          en: 'Approve and log every special-case assignment to non-veterans work',
        },
        provenance: 'proposed',
      },
      {
        id: 'county-check',
        title: { zh: '县区退役军人事务局检查', en: 'County bureau checks' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '注明专职的任命文件 appointment letters that say 专职 (full-time)',
      '人员名册 roster',
      '工作日志 work log',
      '例外安排审批登记 log of exceptions with approval',
    ],
    standards: [
      {
        id: 'fulltime-staff',
        title: { zh: '专职工作人员', en: 'Full-time veterans staff' },
        appliesTo: { level: 'town' },
        min: 2,
        max: 3,
        unit: '人',
        provenance: 'text',
      },
      {
        id: 'part-timers-in-fulltime-posts',
        title: { zh: '专职岗位由兼职人员充任', en: 'Full-time posts filled by part-timers' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '人',
        provenance: 'text',
      },
      {
        id: 'staff-holding-several-jobs',
        title: { zh: '身兼数职的专职人员', en: 'Full-time staff holding several jobs' },
        appliesTo: { level: 'town' },
        max: 0,
        unit: '人',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 60 },
      provenance: 'proposed',
      note: 'In place by T0+60d, then checked quarterly.',
    },
  },
  {
    id: 'leader-regular-review',
    code: 'B3',
    title: {
      zh: '书记第一责任人；定期听取汇报、研究部署',
      en: 'Party secretaries as first responsible persons; regular hearings',
    },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '各级书记要认真履行第一责任人的责任' },
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '经常过问、了解和检查退役军人工作情况' },
      { seed: COUNTY_SPEECH, section: '§三(三)', quote: '真正把做好退役军人工作纳入议事日程' },
      { seed: COUNTY_SPEECH, section: '§三(三)', quote: '定期听取情况汇报、研究部署工作' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'town',
    steps: [
      {
        id: 'agenda-item',
        title: {
          zh: '把退役军人工作纳入党委会或政府常务会议议事日程',
          en: 'Put veterans work on the agenda of the party committee or government executive meeting',
        },
        provenance: 'text',
      },
      {
        id: 'hear-report',
        title: { zh: '听取情况汇报、研究部署工作', en: 'Hear the progress report and decide the next steps' },
        provenance: 'text',
      },
      {
        id: 'inspect-station',
        title: {
          zh: '书记过问、了解和检查退役军人工作（至少检查一个服务站）',
          en: 'The secretary checks veterans work in person, inspecting at least one station',
        },
        provenance: 'text',
      },
      {
        id: 'record-minutes',
        title: { zh: '记录会议纪要和决定', en: 'Record the minutes and decisions' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '会议纪要（含议题和决定） minutes showing the agenda item and decisions',
      '领导检查记录及照片 the leader’s inspection record with photos',
    ],
    standards: [],
    deadline: {
      rule: { type: 'endOfQuarter' },
      provenance: 'proposed',
      note: 'The text says 经常 (often) and 定期 (regularly).',
    },
    cadence: {
      rule: { every: 'quarter' },
      provenance: 'proposed',
      note: 'Veterans work on the meeting agenda at least once a quarter; each secretary inspects at least one station per quarter.',
    },
  },
  {
    id: 'monthly-village-rounds',
    code: 'B4',
    title: {
      zh: '专职人员每月把每个社区、村跑一遍',
      en: 'Monthly rounds of every community and village',
    },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '每月要把所属每个社区、村跑一遍' },
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '面对面指导开展工作，入户了解退役军人有关情况' },
    ],
    levels: ['town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'visit-station',
        title: { zh: '到所属社区、村服务站', en: 'Go to each community or village station' },
        provenance: 'text',
      },
      {
        id: 'guide-face-to-face',
        title: { zh: '面对面指导开展工作', en: 'Guide the station staff face to face' },
        provenance: 'text',
      },
      {
        id: 'household-visits',
        title: { zh: '入户了解退役军人有关情况', en: 'Visit veteran households' },
        provenance: 'text',
      },
      {
        id: 'record-findings',
        title: {
          zh: '记录走访情况，转入困难家庭台账、重点联系和信访排查台账',
          en: 'Record findings and pass them on to the hardship ledger, key-veteran contact and petition screening ledger',
        },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '走访记录（日期、单位、见到的人员、指导内容） visit log (date, unit, people met, guidance given)',
      '服务站人员签字 signature of the station staff',
      '照片 photos',
      '入户走访表 household visit forms',
    ],
    standards: [
      {
        id: 'units-visited',
        title: { zh: '当月走访社区、村覆盖率', en: 'Share of communities and villages visited this month' },
        appliesTo: { level: 'town' },
        min: 100,
        unit: '%',
        provenance: 'text',
      },
      {
        id: 'households-per-unit',
        title: { zh: '每个社区、村每轮入户走访户数', en: 'Household visits per community or village per round' },
        appliesTo: { level: 'town' },
        min: 1,
        unit: '户',
        provenance: 'proposed',
      },
    ],
    deadline: {
      rule: { type: 'endOfMonth' },
      provenance: 'text',
      note: 'Every community and village under the town visited at least once in the calendar month; overdue if any was missed.',
    },
    cadence: { rule: { every: 'month' }, provenance: 'text' },
  },
  {
    id: 'community-station-team',
    code: 'B5',
    title: {
      zh: '社区：网格员纳入领导小组，至少3名志愿者',
      en: 'Community leading group includes grid workers; at least 3 volunteers',
    },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '社区要把网格员纳入领导小组' },
      {
        seed: CITY_SPEECH,
        section: '§二 item 2',
        quote: '并从社区至少选聘3名有当兵经历或热心退役军人工作的志愿者',
      },
    ],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'add-grid-workers',
        title: { zh: '把网格员纳入领导小组', en: 'Put the grid workers on the leading group' },
        provenance: 'text',
      },
      {
        id: 'select-volunteers',
        title: {
          zh: '至少选聘3名有当兵经历或热心退役军人工作的志愿者',
          en: 'Select at least 3 volunteers with military service or a keen interest in veterans work',
        },
        provenance: 'text',
      },
      {
        id: 'issue-documents',
        title: {
          zh: '印发领导小组成立文件，颁发志愿者聘书',
          en: 'Issue the document setting up the leading group and the volunteers’ appointment letters',
        },
        provenance: 'proposed',
      },
      {
        id: 'street-check',
        title: { zh: '街道办检查', en: 'The street office checks' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '领导小组成立文件及成员名单 document setting up the leading group with the member list',
      '志愿者聘书 volunteer appointment letters',
      '志愿者名册（注明资格） volunteer roster noting each volunteer’s qualification',
    ],
    standards: [
      {
        id: 'volunteers',
        title: {
          zh: '有当兵经历或热心退役军人工作的志愿者',
          en: 'Volunteers with military service or a keen interest in veterans work',
        },
        appliesTo: { level: 'village', kind: '社区' },
        min: 3,
        unit: '人',
        provenance: 'text',
      },
      {
        id: 'grid-workers-in-leading-group',
        title: { zh: '网格员纳入领导小组比例', en: 'Share of grid workers on the leading group' },
        appliesTo: { level: 'village', kind: '社区' },
        min: 100,
        unit: '%',
        provenance: 'text',
      },
    ],
    deadline: { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed' },
  },
  {
    id: 'village-station-team',
    code: 'B6',
    title: {
      zh: '村：第一书记等纳入领导小组，至少2名志愿者',
      en: 'Village leading group includes first secretary, college-graduate officials and group leaders; at least 2 volunteers',
    },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '村要把驻村第一书记、大学生村官和小组长纳入领导小组' },
      { seed: CITY_SPEECH, section: '§二 item 2', quote: '并从本村至少选聘2名' },
    ],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'add-group-members',
        title: {
          zh: '把驻村第一书记、大学生村官和小组长纳入领导小组',
          en: 'Put the resident first secretary, college-graduate officials and group leaders on the leading group',
        },
        provenance: 'text',
      },
      {
        id: 'select-volunteers',
        title: {
          zh: '至少选聘2名有当兵经历或热心退役军人工作的志愿者',
          en: 'Select at least 2 volunteers with military service or a keen interest in veterans work',
        },
        provenance: 'text',
      },
      {
        id: 'issue-documents',
        title: {
          zh: '印发领导小组成立文件，颁发志愿者聘书',
          en: 'Issue the document setting up the leading group and the volunteers’ appointment letters',
        },
        provenance: 'proposed',
      },
      {
        id: 'town-check',
        title: { zh: '乡镇检查', en: 'The town checks' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '领导小组成立文件及成员名单 document setting up the leading group with the member list',
      '志愿者聘书 volunteer appointment letters',
      '志愿者名册（注明资格） volunteer roster noting each volunteer’s qualification',
    ],
    standards: [
      {
        id: 'volunteers',
        title: {
          zh: '有当兵经历或热心退役军人工作的志愿者',
          en: 'Volunteers with military service or a keen interest in veterans work',
        },
        appliesTo: { level: 'village', kind: '村' },
        min: 2,
        unit: '人',
        provenance: 'text',
      },
      {
        id: 'leading-group-members',
        title: { zh: '领导小组成员构成', en: 'Members of the leading group' },
        appliesTo: { level: 'village', kind: '村' },
        min: 3,
        max: 3,
        unit: '项',
        checklist: [
          { id: 'first-secretary', title: { zh: '驻村第一书记', en: 'Resident first secretary' }, provenance: 'text' },
          {
            id: 'college-graduate-official',
            title: { zh: '大学生村官', en: 'College-graduate village officials' },
            provenance: 'text',
          },
          { id: 'group-leaders', title: { zh: '小组长', en: 'Villager-group leaders' }, provenance: 'text' },
        ],
        provenance: 'text',
      },
    ],
    deadline: { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed' },
  },
  {
    id: 'staff-study-capacity',
    code: 'B7',
    title: {
      zh: '岗位学习、能力提升；补好“思想认识”“能力提升”课',
      en: 'Study on the job and capacity building',
    },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§二 item 3', quote: '坚持岗位上学、实践中悟' },
      { seed: CITY_SPEECH, section: '§二 item 3', quote: '工作职责清、台账底数清、政策法规清' },
      { seed: COUNTY_SPEECH, section: '§三(二)', quote: '补好“思想认识”和“能力提升”课' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'county',
    steps: [
      {
        id: 'study-xi-thought',
        title: { zh: '学习习近平新时代中国特色社会主义思想', en: 'Study Xi Jinping Thought' },
        provenance: 'text',
      },
      {
        id: 'study-xi-remarks',
        title: {
          zh: '学习习近平总书记关于退役军人工作的重要论述',
          en: 'Study Xi Jinping’s important remarks on veterans work',
        },
        provenance: 'text',
      },
      {
        id: 'study-superior-documents',
        title: { zh: '学习上级会议精神和文件规定', en: 'Study the spirit of superior meetings, documents and rules' },
        provenance: 'text',
      },
      {
        id: 'study-advanced-practices',
        title: { zh: '学习先进单位的经验做法', en: 'Study the practices of advanced units' },
        provenance: 'text',
      },
      {
        id: 'research',
        title: {
          zh: '结合实际研究计划措施，研究工作对象，研究矛盾问题',
          en: 'Research plans and measures, the people served, and contradictions and problems',
        },
        provenance: 'text',
      },
      {
        id: 'policy-test',
        title: { zh: '年度政策测试', en: 'Annual policy test' },
        provenance: 'proposed',
      },
    ],
    evidence: ['学习计划 study plan', '签到表 sign-in sheets', '学习笔记 study notes', '测试成绩 test results'],
    standards: [],
    deadline: { rule: { type: 'endOfMonth' }, provenance: 'proposed' },
    cadence: {
      rule: { every: 'month' },
      provenance: 'proposed',
      note: 'A study session every month; a policy test once a year. Staff should meet the 三清, 两会 and 四有 standards.',
    },
  },
  {
    id: 'task-lessons-learned',
    code: 'B8',
    title: { zh: '每项工作及时总结得失和经验教训', en: 'A summary of gains and lessons after every task' },
    kinds: ['event'],
    sources: [{ seed: CITY_SPEECH, section: '§二 item 3', quote: '每项工作都及时总结得失和经验教训' }],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'describe-work',
        title: { zh: '简述所做工作', en: 'Describe what was done' },
        provenance: 'proposed',
      },
      {
        id: 'gains-and-losses',
        title: { zh: '总结得失', en: 'Sum up what went well and badly' },
        provenance: 'text',
      },
      {
        id: 'lessons',
        title: { zh: '总结经验教训', en: 'Record the lessons learned' },
        provenance: 'text',
      },
    ],
    evidence: [
      '工作总结（做了什么、得失、经验教训） a short summary: what was done, what went well and badly, what was learned',
    ],
    standards: [],
    deadline: {
      rule: { type: 'withinWorkingDays', days: 5 },
      provenance: 'proposed',
      note: '「及时」: within 5 working days of the task closing; could be a required close-out field instead.',
    },
    triggers: [
      {
        type: 'task-closed',
        title: { zh: '任务办结', en: 'A task is closed' },
        deadline: { type: 'withinWorkingDays', days: 5 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'station-work-plan',
    code: 'B9',
    title: { zh: '计划安排工作', en: 'Work plans' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三', quote: '有的思路不清，不想事谋事，不计划安排工作' },
      { seed: CITY_SPEECH, section: '§二 item 3', quote: '结合实际研究计划措施' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'annual-plan',
        title: { zh: '制定年度工作计划', en: 'Draw up the annual work plan' },
        provenance: 'proposed',
      },
      {
        id: 'monthly-plan',
        title: { zh: '制定月度工作计划', en: 'Draw up the monthly work plan' },
        provenance: 'proposed',
      },
      {
        id: 'monthly-review',
        title: { zh: '每月回顾计划完成情况', en: 'Review plan completion each month' },
        provenance: 'proposed',
      },
    ],
    evidence: ['计划文件 plan documents', '月度完成情况回顾 monthly review of completion'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 4 },
      provenance: 'proposed',
      note: 'Monthly plan by the 5th of the month (issued on the 1st); annual plan by 31 Jan, for the current year T0+30d.',
    },
    cadence: {
      rule: { every: 'month' },
      provenance: 'proposed',
      note: 'Implied by the text, not stated as an order. The January occurrence also carries the annual plan.',
    },
  },
];
