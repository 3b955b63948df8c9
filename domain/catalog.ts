import type { DeadlineRule } from './deadline';
import type { OrgLevel } from './org';

/** The four kinds of directive in the speeches (see shared/directives.md, "Conventions"). */
export type DirectiveKind = 'one-off' | 'recurring' | 'event' | 'standing';

/** Whether a rule is stated in the speech or suggested because the speech is silent or vague. */
export type Provenance = 'text' | 'proposed';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface StepDefinition {
  /** Stable within the directive: step completions and the API refer to it. */
  id: string;
  title: Bilingual;
  provenance: Provenance;
}

export interface DirectiveSource {
  /** File name under shared/seeds. */
  seed: string;
  section: string;
  /** Verbatim from the seed; a test checks it. */
  quote: string;
}

export interface Directive {
  id: string;
  title: Bilingual;
  kind: DirectiveKind;
  source: DirectiveSource;
  /** The org level that gets one task per unit when the directive is assigned. */
  targetLevel: OrgLevel;
  steps: StepDefinition[];
  evidence: string[];
  deadline: { rule: DeadlineRule; provenance: Provenance };
}

const SEED_CITY_SPEECH = '000_d5463c520f329791.txt';

export const CATALOG: readonly Directive[] = [
  {
    id: 'care-fund-establishment',
    title: { zh: '县区关爱基金年底前成立', en: 'Set up the county/district veterans care fund by year end' },
    kind: 'one-off',
    source: {
      seed: SEED_CITY_SPEECH,
      section: '四、五是',
      quote: '省上明确要求县区关爱基金年底前必须成立',
    },
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
    deadline: { rule: { type: 'endOfYear' }, provenance: 'text' },
  },
];

const BY_ID = new Map(CATALOG.map((d) => [d.id, d]));

export function findDirective(id: string): Directive | undefined {
  return BY_ID.get(id);
}
