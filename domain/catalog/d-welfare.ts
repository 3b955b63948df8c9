import { CITY_SPEECH } from './seeds';
import type { Directive } from './types';

/** Section D of directives.md: services, social insurance, employment, resettlement, the care fund, entitlements. */
export const SECTION_D: Directive[] = [
  {
    id: 'care-fund-establishment',
    code: 'D13',
    title: { zh: '县区关爱基金年底前成立', en: 'Set up the county/district veterans care fund by year end' },
    kinds: ['one-off'],
    sources: [{ seed: CITY_SPEECH, section: '§四 item 5', quote: '省上明确要求县区关爱基金年底前必须成立' }],
    levels: ['county'],
    targetLevel: 'county',
    steps: [
      {
        id: 'brief-donors',
        title: {
          zh: '向企业和社会各界爱心人士汇报上级要求和困难退役军人现状',
          en: 'Brief enterprises and donors on the superior requirement and on veterans in hardship',
        },
        provenance: 'text',
      },
      {
        id: 'secure-support',
        title: { zh: '争取各方支持和捐助', en: 'Secure their support and donations' },
        provenance: 'text',
      },
      {
        id: 'establish-fund',
        title: {
          zh: '正式成立基金（章程、银行账户、管理委员会）',
          en: 'Establish the fund formally: charter, bank account, management committee',
        },
        provenance: 'proposed',
      },
      {
        id: 'report-to-city',
        title: { zh: '向市里报告成立情况', en: 'Report the establishment to the city' },
        provenance: 'proposed',
      },
    ],
    evidence: ['成立文件 founding document', '章程 charter', '银行账户信息 bank account details', '捐赠名单 donor list'],
    standards: [],
    deadline: { rule: { type: 'endOfYear' }, provenance: 'text' },
  },
];
