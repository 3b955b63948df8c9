import { CITY_SPEECH, COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section C of directives.md: regular grassroots activities (经常性工作活动), 000 §三. */
export const SECTION_C: Directive[] = [
  {
    id: 'political-study-education',
    code: 'C1',
    title: { zh: '学习教育活动', en: 'Study and education activities for veterans' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 1', quote: '一是学习教育活动' },
      { seed: CITY_SPEECH, section: '§三 item 1', quote: '利用微信平台，利用延安独特的红色资源' },
      { seed: COUNTY_SPEECH, section: '§二(一)', quote: '切实加强党员教育管理和宣传舆论引导' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'choose-topic',
        title: {
          zh: '确定学习内容：习近平新时代中国特色社会主义思想、党的路线方针政策、法律法规、文件规定',
          en: 'Choose the topic: Xi Jinping Thought, the Party’s line and policies, laws and regulations, documents and rules',
        },
        provenance: 'text',
      },
      {
        id: 'organize-session',
        title: {
          zh: '利用退役军人到服务站办事或参加集体活动之时组织学习',
          en: 'Hold a session when veterans come to the station on business or for a group activity',
        },
        provenance: 'text',
      },
      {
        id: 'wechat-posts',
        title: { zh: '利用微信平台推送学习内容', en: 'Post study material on the WeChat platform' },
        provenance: 'text',
      },
      {
        id: 'red-resources',
        title: { zh: '利用延安独特的红色资源开展教育', en: 'Use Yan’an’s red-revolution sites for education' },
        provenance: 'text',
      },
      {
        id: 'record-activity',
        title: { zh: '记录活动（日期、主题、参加人员）', en: 'Record the activity: date, topic, attendees' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '活动记录（日期、主题、参加人员） activity record (date, topic, attendees)',
      '签到表 sign-in sheet',
      '照片 photos',
      '微信推送截图或链接 screenshots or links of WeChat posts',
    ],
    standards: [],
    deadline: { rule: { type: 'endOfMonth' }, provenance: 'proposed', note: 'The text only says 经常性 (regular).' },
    cadence: {
      rule: { every: 'month' },
      provenance: 'proposed',
      note: 'At least 1 organized session per station per month; WeChat posts at least weekly; at least 1 visit a year to Yan’an’s red sites.',
    },
  },
  {
    id: 'veteran-party-enrollment',
    code: 'C2',
    title: {
      zh: '退役军人党员及时编入党支部、党小组，就近纳入基层党组织',
      en: 'Enroll veteran Party members in a nearby branch and Party group',
    },
    kinds: ['event', 'standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 2', quote: '把退役军人及时编入党支部和党小组，并落实“三会一课”' },
      { seed: COUNTY_SPEECH, section: '§二(一)', quote: '要保证每名退役军人党员都能就近纳入基层党组织' },
    ],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'identify-members',
        title: { zh: '摸清退役军人中的党员', en: 'Identify the Party members among the veterans' },
        provenance: 'proposed',
      },
      {
        id: 'transfer-records',
        title: { zh: '办理组织关系转接', en: 'Transfer the Party membership records' },
        provenance: 'proposed',
      },
      {
        id: 'assign-branch',
        title: { zh: '就近编入党支部和党小组', en: 'Assign to the nearest branch and Party group' },
        provenance: 'text',
      },
      {
        id: 'notify-member',
        title: { zh: '通知本人', en: 'Notify the member' },
        provenance: 'proposed',
      },
    ],
    evidence: ['组织关系介绍信 membership-transfer letter', '支部党员名册 branch roster'],
    standards: [
      {
        id: 'enrolled-nearby',
        title: {
          zh: '退役军人党员就近纳入基层党组织比例',
          en: 'Share of veteran Party members enrolled near where they live',
        },
        appliesTo: { level: 'village' },
        min: 100,
        max: 100,
        unit: '%',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: '「及时」: enrolled ≤30d after arrival or identification; the standing check expects 100%.',
    },
    triggers: [
      {
        type: 'veteran-party-member-identified',
        title: {
          zh: '退役军人党员到达或被摸排确认',
          en: 'A veteran Party member arrives or is identified',
        },
        deadline: { type: 'withinDays', days: 30 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'three-meetings-one-lesson',
    code: 'C3',
    title: { zh: '落实“三会一课”', en: '"Three meetings and one lesson" for veteran Party members' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 2', quote: '把退役军人及时编入党支部和党小组，并落实“三会一课”' },
      { seed: CITY_SPEECH, section: '§三 item 2', quote: '严格党内政治生活' },
    ],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'branch-committee-meeting',
        title: { zh: '支委会（约每月一次）', en: 'Branch committee meeting (about monthly)' },
        provenance: 'external',
      },
      {
        id: 'party-group-meeting',
        title: { zh: '党小组会（约每月一次）', en: 'Party group meeting (about monthly)' },
        provenance: 'external',
      },
      {
        id: 'members-meeting',
        title: { zh: '支部党员大会（约每季度一次）', en: 'Branch members’ meeting (about quarterly)' },
        provenance: 'external',
      },
      {
        id: 'party-lecture',
        title: { zh: '党课（至少每季度一次）', en: 'Party lecture (at least quarterly)' },
        provenance: 'external',
      },
      {
        id: 'record-minutes',
        title: { zh: '会议记录和出勤登记', en: 'Keep minutes and attendance' },
        provenance: 'proposed',
      },
    ],
    evidence: ['会议记录 minutes', '出勤记录 attendance records'],
    standards: [],
    deadline: { rule: { type: 'endOfMonth' }, provenance: 'external' },
    cadence: {
      rule: { every: 'month' },
      provenance: 'external',
      note: 'Per 《中国共产党支部工作条例（试行）》 (verify): committee and Party group meetings monthly; members’ meeting and Party lecture at least quarterly, so those two steps fall due in one month per quarter.',
    },
  },
  {
    id: 'honor-plaque-delivery',
    code: 'C4',
    title: { zh: '为审核通过的退役军人送光荣牌', en: 'Deliver honor plaques' },
    kinds: ['event'],
    sources: [{ seed: CITY_SPEECH, section: '§三 item 3', quote: '及时为审核通过的退役军人送光荣牌' }],
    levels: ['county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'receive-list',
        title: { zh: '接收审核通过人员名单', en: 'Receive the list of verified veterans' },
        provenance: 'proposed',
      },
      {
        id: 'prepare-plaque',
        title: { zh: '准备光荣牌', en: 'Prepare the plaque' },
        provenance: 'proposed',
      },
      {
        id: 'schedule-visit',
        title: { zh: '预约上门时间', en: 'Schedule the visit' },
        provenance: 'proposed',
      },
      {
        id: 'deliver-and-hang',
        title: { zh: '上门送光荣牌并悬挂，举行简短仪式', en: 'Deliver and hang the plaque, with a small ceremony' },
        provenance: 'text',
      },
      {
        id: 'record-register',
        title: { zh: '登记入册', en: 'Record it in the register' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '家属签收单 receipt signed by the family',
      '光荣牌悬挂及与家属合影 photo of the hung plaque with the family',
      '登记簿记录 register entry',
    ],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: '「及时」: delivered and hung ≤30d after verification (审核通过). The county bureau supplies the plaques.',
    },
    triggers: [
      {
        type: 'veteran-verified',
        title: {
          zh: '退役军人（家庭）光荣牌审核通过',
          en: 'A veteran or family is verified as eligible for an honor plaque',
        },
        deadline: { type: 'withinDays', days: 30 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'merit-xibao-delivery',
    code: 'C5',
    title: { zh: '为立功受奖的现役军人送喜报', en: 'Deliver certificates of merit to serving soldiers’ families' },
    kinds: ['event'],
    sources: [{ seed: CITY_SPEECH, section: '§三 item 3', quote: '为立功受奖的现役军人送喜报' }],
    levels: ['county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'register-xibao',
        title: { zh: '喜报登记', en: 'Register the certificate of merit (喜报)' },
        provenance: 'proposed',
      },
      {
        id: 'confirm-address',
        title: { zh: '核实家庭住址', en: 'Confirm the family’s address' },
        provenance: 'proposed',
      },
      {
        id: 'organize-ceremony',
        title: { zh: '组织领导参加的送喜报仪式', en: 'Organize a ceremonial delivery with leaders taking part' },
        provenance: 'proposed',
      },
      {
        id: 'deliver-and-greet',
        title: { zh: '将喜报送到家属手中并慰问', en: 'Hand the certificate to the family and pay a visit of greeting' },
        provenance: 'text',
      },
    ],
    evidence: ['喜报登记簿 喜报 register', '送达照片 delivery photos', '家属签字 family signature'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 15 },
      provenance: 'proposed',
      note: '「及时」: ≤15d after the 喜报 is received; the local armed-forces department (人武部) often relays it.',
    },
    triggers: [
      {
        type: 'merit-award-notice',
        title: {
          zh: '现役军人立功受奖喜报到达',
          en: 'Notice of a merit or award to an active-duty soldier from the area',
        },
        deadline: { type: 'withinDays', days: 15 },
        provenance: 'proposed',
      },
    ],
  },
  {
    id: 'elder-hero-greetings',
    code: 'C6',
    title: {
      zh: '为老英雄老功臣老典型送祝福',
      en: 'Greetings to old heroes, meritorious veterans and role models',
    },
    kinds: ['recurring'],
    sources: [{ seed: CITY_SPEECH, section: '§三 item 3', quote: '为老英雄老功臣老典型送祝福' }],
    levels: ['county', 'town', 'village'],
    targetLevel: 'county',
    steps: [
      {
        id: 'keep-roster',
        title: { zh: '建立老英雄老功臣老典型名册', en: 'Keep a roster of old heroes, meritorious veterans and role models' },
        provenance: 'proposed',
      },
      {
        id: 'send-greetings',
        title: { zh: '送祝福', en: 'Deliver the greetings' },
        provenance: 'text',
      },
      {
        id: 'log-greetings',
        title: { zh: '登记祝福情况并留存照片', en: 'Log the greetings with photos' },
        provenance: 'proposed',
      },
    ],
    evidence: ['名册 roster', '祝福登记 greeting log', '照片 photos'],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 14 },
      provenance: 'proposed',
      note: 'Greetings delivered before the holiday; the occurrence should be issued at least this far ahead of it.',
    },
    cadence: {
      rule: { every: 'holiday', holidays: ['春节', '八一'] },
      provenance: 'proposed',
      note: 'Also on each person’s birthday, which this cadence cannot express. Each round is due before the holiday and opens 14 days ahead of that.',
      dueAtPeriodEnd: true,
    },
  },
  {
    id: 'key-veteran-contact',
    code: 'C7',
    title: {
      zh: '常态化联系机制：“九必访”“七清楚”“三记住”',
      en: 'Regular contact with veterans who need close attention: nine must-visits, seven clears, three remembers',
    },
    kinds: ['standing', 'event', 'recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 4', quote: '建立常态化联系机制' },
      { seed: CITY_SPEECH, section: '§三 item 4', quote: '做到“九必访”“七清楚”“三记住”' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'identify-target-group',
        title: {
          zh: '确定需要重点关注和关心照顾的退役军人（困难、重病、残疾、高龄独居、信访活跃等）',
          en: 'Identify the veterans needing close attention: hardship, serious illness, disability, old age alone, active petitioners',
        },
        provenance: 'proposed',
      },
      {
        id: 'pair-staff',
        title: {
          zh: '工作人员与重点退役军人结对，建立常态化联系机制',
          en: 'Pair each staff member with named veterans',
        },
        provenance: 'text',
      },
      {
        id: 'seven-clears-profile',
        title: { zh: '做到“七清楚”，完善档案信息', en: 'Complete each veteran’s profile: the "seven clears"' },
        provenance: 'text',
      },
      {
        id: 'three-remembers',
        title: { zh: '做到“三记住”', en: 'Keep the "three remembers"' },
        provenance: 'text',
      },
      {
        id: 'regular-contact',
        title: { zh: '定期联系（至少每月一次）', en: 'Contact each paired veteran at least monthly' },
        provenance: 'proposed',
      },
      {
        id: 'must-visit',
        title: { zh: '遇“九必访”情形上门走访', en: 'Visit whenever a must-visit situation occurs' },
        provenance: 'text',
      },
    ],
    evidence: [
      '结对名单 pairing list',
      '联系记录 contact log',
      '必访情形走访表 visit form for each trigger',
      '档案完整情况 profile completeness',
    ],
    standards: [
      {
        id: 'pairing-coverage',
        title: { zh: '重点退役军人结对覆盖率', en: 'Share of key veterans paired with a staff member' },
        appliesTo: { level: 'village' },
        min: 100,
        max: 100,
        unit: '%',
        provenance: 'proposed',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Pairing done by T0+30d.',
    },
    cadence: {
      rule: { every: 'month' },
      provenance: 'proposed',
      note: 'Contact each paired veteran at least once a month.',
    },
    triggers: [
      {
        type: 'key-veteran-must-visit',
        title: { zh: '重点退役军人出现“九必访”情形', en: 'A must-visit situation occurs for a key veteran' },
        deadline: { type: 'withinDays', days: 3 },
        provenance: 'proposed',
      },
    ],
    externalDependency:
      'The nine must-visit triggers (九必访), the seven things to know (七清楚) and the three to remember (三记住) are not listed in the text; model them as 9 configurable trigger types, 7 profile fields and 3 reminders.',
  },
  {
    id: 'major-holiday-visits',
    code: 'C8',
    title: { zh: '重大节日走访慰问；重要节日慰问联欢', en: 'Visits and greetings on major holidays' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 4', quote: '特别是重大节日要专门安排走访慰问' },
      { seed: COUNTY_SPEECH, section: '§二(四)', quote: '要开展好重要节日慰问联欢和重要节点褒扬纪念活动' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'draw-up-list',
        title: {
          zh: '拟定走访名单：重点退役军人、优抚对象、困难家庭、老英雄、立功军人家庭',
          en: 'Draw up the visit list: key veterans, entitled persons, hardship families, old heroes, families of decorated soldiers',
        },
        provenance: 'proposed',
      },
      {
        id: 'assign-leaders',
        title: { zh: '安排领导走访', en: 'Assign leaders to the visits' },
        provenance: 'proposed',
      },
      {
        id: 'prepare-gifts',
        title: { zh: '准备慰问金、慰问品', en: 'Prepare the gifts of money or goods' },
        provenance: 'proposed',
      },
      {
        id: 'visit-and-record',
        title: { zh: '走访慰问并逐户登记', en: 'Visit and record each visit' },
        provenance: 'text',
      },
      {
        id: 'holiday-gala',
        title: { zh: '开展节日慰问联欢', en: 'Hold a holiday gathering or gala' },
        provenance: 'text',
      },
    ],
    evidence: [
      '走访名单 visit list',
      '慰问金物签收单 signed receipts for money or goods',
      '照片 photos',
      '联欢节目单及照片 gala programme and photos',
    ],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 14 },
      provenance: 'proposed',
      note: 'Visits finished before the holiday: by 31 Jul for 八一, by 除夕 for 春节, by 30 Sep for 国庆; the occurrence should be issued at least this far ahead.',
    },
    cadence: {
      rule: { every: 'holiday', holidays: ['春节', '八一', '国庆'] },
      provenance: 'proposed',
      note: 'The text names no holiday. Three rounds a year: 元旦·春节 together, 八一, 中秋·国庆 together; each is due before its holiday and opens 14 days ahead of that.',
      dueAtPeriodEnd: true,
    },
  },
  {
    id: 'veteran-volunteer-team',
    code: 'C9',
    title: { zh: '发动退役军人参加志愿者服务队', en: 'Mobilize veterans into volunteer teams that serve society' },
    kinds: ['standing', 'recurring'],
    sources: [{ seed: CITY_SPEECH, section: '§三 item 5', quote: '既要发动辖区内的退役军人参加志愿者服务队' }],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'mobilize-veterans',
        title: { zh: '发动辖区内的退役军人参加志愿者服务队', en: 'Mobilize local veterans to join the volunteer team' },
        provenance: 'text',
      },
      {
        id: 'form-team',
        title: { zh: '组建服务队并建立名册', en: 'Form the team and keep its roster' },
        provenance: 'proposed',
      },
      {
        id: 'serve-society',
        title: {
          zh: '开展志愿服务，多为社会做好事办实事，传播正能量',
          en: 'Serve society with good deeds and spread positive energy',
        },
        provenance: 'text',
      },
      {
        id: 'record-activity',
        title: { zh: '记录活动并留存照片', en: 'Record each activity with photos' },
        provenance: 'proposed',
      },
    ],
    evidence: ['服务队名册 team roster', '活动记录及照片 activity records and photos'],
    standards: [
      {
        id: 'volunteer-team',
        title: { zh: '退役军人志愿者服务队', en: 'Veteran volunteer team in place' },
        appliesTo: { level: 'village' },
        min: 1,
        unit: '支',
        provenance: 'proposed',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Team formed by T0+30d.',
    },
    cadence: {
      rule: { every: 'quarter' },
      provenance: 'proposed',
      note: 'At least 1 activity per quarter.',
    },
  },
  {
    id: 'volunteer-home-service',
    code: 'C10',
    title: { zh: '组织志愿者服务队上门服务退役军人', en: 'Volunteer teams do home services for veterans' },
    kinds: ['recurring'],
    sources: [{ seed: CITY_SPEECH, section: '§三 item 5', quote: '上门为退役军人做好事办实事送温暖' }],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'organize-volunteers',
        title: { zh: '组织辖区内的志愿者服务队', en: 'Organize the local volunteer team' },
        provenance: 'text',
      },
      {
        id: 'identify-needs',
        title: { zh: '了解退役军人需求，安排上门服务', en: 'Find out what veterans need and schedule the visit' },
        provenance: 'proposed',
      },
      {
        id: 'home-service',
        title: { zh: '上门为退役军人做好事办实事送温暖', en: 'Visit veterans at home to help them' },
        provenance: 'text',
      },
      {
        id: 'signed-record',
        title: { zh: '服务记录由退役军人签字', en: 'Have the veteran sign the service record' },
        provenance: 'proposed',
      },
    ],
    evidence: ['经退役军人签字的服务记录 service record signed by the veteran', '照片 photos'],
    standards: [],
    deadline: { rule: { type: 'endOfMonth' }, provenance: 'proposed' },
    cadence: {
      rule: { every: 'month' },
      provenance: 'proposed',
      note: 'At least 1 home service per station per month, plus services on request; uses the volunteers of B5 and B6.',
    },
  },
  {
    id: 'culture-sports-activities',
    code: 'C11',
    title: { zh: '文体活动；特色活动、趣味活动', en: 'Cultural and sports activities' },
    kinds: ['recurring'],
    sources: [
      { seed: CITY_SPEECH, section: '§三 item 6', quote: '适时组织球类、棋类、影视欣赏、拔河比赛等活动' },
      { seed: CITY_SPEECH, section: '§三 item 6', quote: '另外还可因地制宜开展特色活动、趣味活动' },
    ],
    levels: ['town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'plan-activity',
        title: {
          zh: '确定活动内容（球类、棋类、影视欣赏、拔河比赛等）',
          en: 'Choose the activity: ball games, board games, film viewing, tug-of-war…',
        },
        provenance: 'text',
      },
      {
        id: 'issue-notice',
        title: { zh: '发布活动通知', en: 'Issue the notice' },
        provenance: 'proposed',
      },
      {
        id: 'hold-activity',
        title: { zh: '组织开展活动', en: 'Hold the activity' },
        provenance: 'text',
      },
      {
        id: 'record-activity',
        title: { zh: '签到并留存照片', en: 'Keep the sign-in sheet and photos' },
        provenance: 'proposed',
      },
    ],
    evidence: ['活动通知 notice', '签到表 sign-in sheet', '照片 photos'],
    standards: [],
    deadline: { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: 'The text says 适时 (at suitable times).' },
    cadence: {
      rule: { every: 'quarter' },
      provenance: 'proposed',
      note: 'At least 1 per station per quarter, plus one around 八一 and one around 春节.',
    },
  },
];
