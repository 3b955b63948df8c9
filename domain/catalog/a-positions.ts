import { CITY_SPEECH, COUNTY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section A of directives.md: positions and the service network (阵地与服务网络). */
export const SECTION_A: Directive[] = [
  {
    id: 'pce-13-display-items',
    code: 'A1',
    title: {
      zh: '政治文化环境建设十三项内容',
      en: 'Political-cultural environment: the 13 display items',
    },
    kinds: ['standing'],
    sources: [
      { seed: CITY_SPEECH, section: '§一', quote: '具体要能看到以下内容' },
      { seed: CITY_SPEECH, section: '§一', quote: '并按照《规范》和观摩会的标准，一项一项落实到位' },
      { seed: CITY_SPEECH, section: '§一', quote: '有的在门口挂了退役军人服务站，里面却是便民服务大厅' },
      { seed: CITY_SPEECH, section: '§一', quote: '有的阵地本来就不大，空间利用还有很多空白' },
    ],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'display-13-items',
        title: { zh: '十三项内容一项一项落实到位', en: 'Put the 13 display items in place, one by one' },
        provenance: 'text',
      },
      {
        id: 'beyond-staff-list-and-rules',
        title: {
          zh: '布设不能仅有工作人员名单和工作制度',
          en: 'Show more than a staff list and the work rules',
        },
        provenance: 'text',
      },
      {
        id: 'real-station-not-service-hall',
        title: {
          zh: '服务站名副其实，不是挂牌的便民服务大厅',
          en: 'Be a real station, not a sign over a general service hall',
        },
        provenance: 'text',
      },
      {
        id: 'no-element-omitted',
        title: {
          zh: '严格按照《规范》逐项落实，要素齐全，内容不随意取舍',
          en: 'Follow the norms item by item; leave no element out at will',
        },
        provenance: 'text',
      },
      {
        id: 'local-features',
        title: { zh: '结合实际，体现单位特色', en: 'Fit local conditions and show the unit’s own features' },
        provenance: 'text',
      },
      {
        id: 'use-space-fully',
        title: { zh: '充分利用阵地空间，不留空白', en: 'Use the space fully, with no large blank areas' },
        provenance: 'text',
      },
      {
        id: 'self-check-sheet',
        title: {
          zh: '对照《规范》填写自查表，负责人签字',
          en: 'Fill in a self-check sheet against the norms, signed by the head',
        },
        provenance: 'proposed',
      },
      {
        id: 'county-sign-off',
        title: { zh: '县区检查验收签字', en: 'County inspector signs off' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '分项照片（1–13项） one labelled photo per item (1–13)',
      '入口及大厅全景照片 wide photos of the entrance and the hall',
      '政治理论学习书籍清单 list of the political-theory books (item 7)',
      '军旅题材文化作品清单 list of the military-themed cultural works (item 8)',
      '对照《规范》的自查表（负责人签字） self-check sheet against the norms, signed by the head',
      '县区检查验收签字 county inspector’s sign-off',
    ],
    standards: [
      {
        id: 'thirteen-display-items',
        title: { zh: '政治文化环境十三项内容', en: 'The 13 political-cultural display items' },
        appliesTo: { level: 'village' },
        min: 13,
        max: 13,
        unit: '项',
        checklist: [
          {
            id: 'xi-remarks',
            title: {
              zh: '习近平总书记关于退役军人工作的重要论述、强军思想及图片',
              en: 'Xi Jinping’s remarks on veterans work and his thought on strengthening the military, with pictures',
            },
            provenance: 'text',
          },
          {
            id: 'leadership-and-staff',
            title: { zh: '组织领导机构和工作人员', en: 'Organizational leadership body and staff' },
            provenance: 'text',
          },
          { id: 'duties', title: { zh: '工作职责', en: 'Job responsibilities' }, provenance: 'text' },
          { id: 'work-rules', title: { zh: '工作制度', en: 'Work rules' }, provenance: 'text' },
          { id: 'service-norms', title: { zh: '服务规范', en: 'Service norms' }, provenance: 'text' },
          {
            id: 'ten-hero-portraits',
            title: { zh: '十位英模画像', en: 'Portraits of the ten heroes and models' },
            provenance: 'text',
          },
          {
            id: 'theory-books',
            title: { zh: '政治理论学习书籍', en: 'Books for political-theory study' },
            provenance: 'text',
          },
          {
            id: 'military-culture-works',
            title: { zh: '军旅题材优秀文化作品', en: 'Good cultural works on military themes' },
            provenance: 'text',
          },
          { id: 'work-ledgers', title: { zh: '工作台帐资料', en: 'Work ledgers and records' }, provenance: 'text' },
          {
            id: 'activity-photos',
            title: { zh: '工作活动剪影', en: 'Photo highlights of activities' },
            provenance: 'text',
          },
          { id: 'military-slogans', title: { zh: '军队标语口号', en: 'Military slogans' }, provenance: 'text' },
          {
            id: 'four-most-beautiful',
            title: { zh: '“四个最美”和老兵风采', en: 'The "four most beautiful" and veterans’ profiles' },
            provenance: 'text',
          },
          {
            id: 'unit-feature-column',
            title: { zh: '本单位特色栏目', en: 'The unit’s own feature column' },
            provenance: 'text',
          },
        ],
        provenance: 'text',
      },
      {
        id: 'ten-hero-portraits',
        title: { zh: '十位英模画像', en: 'Portraits of the ten heroes and models' },
        appliesTo: { level: 'village' },
        min: 10,
        max: 10,
        unit: '幅',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 60 },
      provenance: 'proposed',
      note: 'All 13 items in place by T0+60d; re-verified at every county or city inspection, at least yearly and before 八一.',
    },
    externalDependency:
      'The norms 《关于退役军人工作机构政治文化环境建设规范》 and the 观摩会 standard must be imported; the text names neither the ten heroes (十位英模) nor the "four most beautiful" (四个最美) categories.',
  },
  {
    id: 'pce-self-check-rectification',
    code: 'A2',
    title: { zh: '举一反三对照反思、逐项整改', en: 'Self-examination and item-by-item rectification' },
    kinds: ['one-off'],
    sources: [{ seed: CITY_SPEECH, section: '§一', quote: '以上问题，各单位要举一反三对照反思' }],
    levels: ['city', 'county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'study-norms',
        title: { zh: '认真学习《规范》', en: 'Study the political-cultural environment norms' },
        provenance: 'proposed',
      },
      {
        id: 'discuss-significance',
        title: {
          zh: '认识“一个充分，三个有利于”的重大意义',
          en: 'Discuss why it matters ("一个充分，三个有利于")',
        },
        provenance: 'proposed',
      },
      {
        id: 'check-symptoms',
        title: {
          zh: '对照五类问题反思：布设简单、挂牌便民服务大厅、要素不全、特色不鲜明、空间空白',
          en: 'Check against the five criticised symptoms: bare layout, sign over a service hall, missing elements, no local features, unused space',
        },
        provenance: 'text',
      },
      {
        id: 'check-causes',
        title: {
          zh: '对照三个原因反思：学习文件不认真、思想认识不到位、工作态度不端正',
          en: 'Check against the three causes: careless study, weak understanding, wrong attitude',
        },
        provenance: 'text',
      },
      {
        id: 'list-gaps',
        title: {
          zh: '按照《规范》和观摩会的标准列出差距',
          en: 'List the gaps against the norms and the demonstration-meeting standard',
        },
        provenance: 'text',
      },
      {
        id: 'rectify-item-by-item',
        title: { zh: '一项一项落实到位', en: 'Rectify item by item' },
        provenance: 'text',
      },
      {
        id: 'report',
        title: { zh: '报告整改情况，县区汇总后报市', en: 'Report; the county consolidates and reports to the city' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '自查表 self-check form',
      '整改清单（事项、责任人、时限） rectification list (item, owner, date)',
      '整改前后对比照片 before/after photos',
      '学习签到表 study sign-in sheet',
    ],
    standards: [],
    deadline: {
      rule: { type: 'withinDays', days: 60 },
      provenance: 'proposed',
      note: 'Self-check report by T0+15d; rectification done by T0+60d; county acceptance by T0+75d.',
    },
    externalDependency:
      'The norms 《关于退役军人工作机构政治文化环境建设规范》 and the 观摩会 standard; 「一个充分，三个有利于」 is not explained in the text.',
  },
  {
    id: 'seven-run-throughs-to-grassroots',
    code: 'A3',
    title: { zh: '“七个过一遍”落实到基层', en: 'Carry the "seven run-throughs" down to the grassroots' },
    kinds: ['one-off'],
    sources: [{ seed: CITY_SPEECH, section: '§一', quote: '没有把上次会议提出“七个过一遍”落实到基层' }],
    levels: ['county', 'town', 'village'],
    targetLevel: 'village',
    steps: [
      {
        id: 'import-seven-items',
        title: { zh: '导入上次会议提出的“七个过一遍”事项', en: 'Import the 7 items from the previous city meeting' },
        provenance: 'proposed',
      },
      {
        id: 'run-through-each-item',
        title: { zh: '逐项过一遍', en: 'Run through each of the 7 items' },
        provenance: 'proposed',
      },
      {
        id: 'confirm-each-item',
        title: { zh: '服务站逐项确认完成', en: 'The station confirms each item as done' },
        provenance: 'proposed',
      },
    ],
    evidence: ['各站逐项完成记录 completion record per station per item'],
    standards: [],
    deadline: { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed' },
    externalDependency: 'The 7 items of 「七个过一遍」 from the previous city meeting are not listed in the text.',
  },
  {
    id: 'center-station-establishment-five-haves',
    code: 'A4',
    title: {
      zh: '服务中心（站）挂牌与“五有”建设',
      en: 'Open the service center and stations and bring them to the "five haves"',
    },
    kinds: ['one-off', 'standing'],
    sources: [
      {
        seed: COUNTY_SPEECH,
        section: '§二(三)',
        quote: '遵照《退役军人服务中心（站）建设与工作规范》和“五有”要求',
      },
      { seed: COUNTY_SPEECH, section: '§二(三)', quote: '已取得批复，待挂牌' },
      {
        seed: COUNTY_SPEECH,
        section: '§二(三)',
        quote: '不能只挂牌、不配人，要同步开展硬件、软件、文化、制度建设',
      },
      { seed: COUNTY_SPEECH, section: '§一', quote: '实现有机构、有编制、有人员、有经费、有保障' },
    ],
    levels: ['county', 'town', 'village'],
    targetLevel: 'town',
    steps: [
      {
        id: 'hang-plaque',
        title: { zh: '服务中心、服务站挂牌', en: 'Hang the plaque of the service center or station' },
        provenance: 'text',
      },
      {
        id: 'assign-staff',
        title: { zh: '同步配备人员，不能只挂牌、不配人', en: 'Assign staff at the same time: no plaque without people' },
        provenance: 'text',
      },
      {
        id: 'hardware',
        title: { zh: '硬件建设（场所、设备）', en: 'Hardware: premises and equipment' },
        provenance: 'text',
      },
      {
        id: 'software',
        title: { zh: '软件建设（台账、信息系统）', en: 'Software: ledgers and information system' },
        provenance: 'text',
      },
      {
        id: 'culture',
        title: { zh: '文化建设（见政治文化环境建设）', en: 'Culture: see the political-cultural environment (A1)' },
        provenance: 'text',
      },
      { id: 'rules', title: { zh: '制度建设', en: 'Rules and systems' }, provenance: 'text' },
    ],
    evidence: [
      '批复文件 approval document',
      '挂牌照片（注明日期） dated photo of the plaque hanging',
      '人员任命文件 staff appointment documents',
      '经费预算科目 budget line',
      '场所照片 photos of the premises',
      '上墙制度 posted rules',
    ],
    standards: [
      {
        id: 'five-haves',
        title: { zh: '“五有”', en: 'The "five haves"' },
        appliesTo: { level: 'town' },
        min: 5,
        max: 5,
        unit: '项',
        checklist: [
          { id: 'organization', title: { zh: '有机构', en: 'An organization' }, provenance: 'text' },
          { id: 'authorized-posts', title: { zh: '有编制', en: 'Authorized posts' }, provenance: 'text' },
          { id: 'staff', title: { zh: '有人员', en: 'Staff' }, provenance: 'text' },
          { id: 'funding', title: { zh: '有经费', en: 'Funding' }, provenance: 'text' },
          { id: 'safeguards', title: { zh: '有保障', en: 'Safeguards' }, provenance: 'text' },
        ],
        provenance: 'text',
      },
      {
        id: 'four-constructions',
        title: { zh: '硬件、软件、文化、制度建设', en: 'The four kinds of construction' },
        appliesTo: { level: 'town' },
        min: 4,
        max: 4,
        unit: '项',
        checklist: [
          { id: 'hardware', title: { zh: '硬件建设', en: 'Hardware' }, provenance: 'text' },
          { id: 'software', title: { zh: '软件建设', en: 'Software' }, provenance: 'text' },
          { id: 'culture', title: { zh: '文化建设', en: 'Culture' }, provenance: 'text' },
          { id: 'rules', title: { zh: '制度建设', en: 'Rules and systems' }, provenance: 'text' },
        ],
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 30 },
      provenance: 'proposed',
      note: 'Plaque hung ≤30d after approval (批复); the four kinds of construction done in ≤90d; the five haves checked annually.',
    },
    externalDependency: 'The national norms 《退役军人服务中心（站）建设与工作规范》 must be imported.',
  },
  {
    id: 'service-network-full-coverage',
    code: 'A5',
    title: {
      zh: '横向到边、纵向到底、覆盖全员的服务网络',
      en: 'A service network that reaches every level and every veteran',
    },
    kinds: ['standing'],
    sources: [
      {
        seed: COUNTY_SPEECH,
        section: '§二(三)',
        quote: '推动形成横向到边、纵向到底、覆盖全员的退役军人服务网络',
      },
      {
        seed: CITY_SPEECH,
        section: '§一',
        quote: '从市县区到街道办、社区、乡镇、村“两中心两站”工作场所基本落实',
      },
    ],
    levels: ['county', 'town'],
    targetLevel: 'town',
    steps: [
      {
        id: 'compare-registry',
        title: { zh: '对照行政区划核对服务站名录', en: 'Compare the station registry with the administrative divisions' },
        provenance: 'proposed',
      },
      {
        id: 'fill-gaps',
        title: { zh: '补建缺失的服务站（特别是村服务站）', en: 'Set up the missing stations, village stations first' },
        provenance: 'proposed',
      },
      {
        id: 'map-veterans',
        title: { zh: '将每名退役军人对应到服务站', en: 'Map every veteran to a station' },
        provenance: 'proposed',
      },
      {
        id: 'report-coverage',
        title: { zh: '上报覆盖情况', en: 'Report the coverage' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '服务站名录与行政区划对照表 station registry compared with the list of administrative divisions',
      '退役军人与服务站对应名册 veteran roster mapped to stations',
    ],
    standards: [
      {
        id: 'station-coverage',
        title: {
          zh: '服务站覆盖率（服务站数 = 乡镇街道数 + 社区村数）',
          en: 'Station coverage (stations = towns/streets + communities/villages)',
        },
        appliesTo: { level: 'town' },
        min: 100,
        max: 100,
        unit: '%',
        provenance: 'proposed',
      },
      {
        id: 'veterans-mapped',
        title: { zh: '退役军人对应服务站覆盖全员', en: 'Share of veterans mapped to a station' },
        appliesTo: { level: 'town' },
        min: 100,
        max: 100,
        unit: '%',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'endOfYear' },
      provenance: 'proposed',
      note: '100% coverage by 31 Dec Y; 002 mentions approvals only for town and community stations, so village stations are the likely gap.',
    },
  },
  {
    id: 'info-platform-one-trip',
    code: 'A6',
    title: { zh: '综合管理平台、“最多跑一次”', en: 'Integrated management platform and "at most one trip" service' },
    kinds: ['one-off', 'standing'],
    sources: [
      {
        seed: COUNTY_SPEECH,
        section: '§二(三)',
        quote: '要充分运用放管服改革的“最多跑一次”理念、思路、方法',
      },
      { seed: COUNTY_SPEECH, section: '§二(三)', quote: '推动构建综合管理平台' },
    ],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'list-service-items',
        title: { zh: '梳理服务事项清单', en: 'List the service items' },
        provenance: 'proposed',
      },
      {
        id: 'one-trip-process',
        title: {
          zh: '逐项明确材料和流程，做到“最多跑一次”',
          en: 'Define materials and process per item so it needs at most one trip',
        },
        provenance: 'text',
      },
      {
        id: 'internet-plus-channels',
        title: { zh: '提供“互联网+”线上渠道', en: 'Provide "Internet+" online channels' },
        provenance: 'text',
      },
      {
        id: 'integrate-data',
        title: { zh: '整合退役军人数据，构建综合管理平台', en: 'Integrate veteran data into the management platform' },
        provenance: 'proposed',
      },
    ],
    evidence: [
      '服务事项清单（标注“最多跑一次”） service-item list with a one-trip flag',
      '平台截图 platform screenshots',
      '办件记录样本（含跑动次数） sample service records showing the number of trips',
    ],
    standards: [
      {
        id: 'max-one-trip',
        title: { zh: '每个服务事项最多跑一次', en: 'At most one in-person trip per service item' },
        appliesTo: { level: 'county' },
        max: 1,
        unit: '次',
        provenance: 'text',
      },
    ],
    deadline: {
      rule: { type: 'withinDays', days: 90 },
      provenance: 'proposed',
      note: 'Platform plan by T0+90d; the one-trip standard applies from then on.',
    },
  },
];
