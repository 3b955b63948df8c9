import { describe, expect, it } from 'vitest';
import { DirectiveBody } from '../../domain/catalog/directive-body';
import { extractDrafts, toDirectiveBody } from '../../domain/speech';
import { numberValue } from '../../domain/speech/numerals';
import { sentences } from '../../domain/speech/passages';

const TODAY = '2026-03-10';
const draftsOf = (text: string) => extractDrafts(text, { today: TODAY });
const only = (text: string) => {
  const drafts = draftsOf(text);
  expect(drafts).toHaveLength(1);
  return drafts[0]!;
};

describe('speech drafts: passages', () => {
  it('keeps every quote a verbatim substring at its place, without indentation or end punctuation', () => {
    const text = '　　同志们：\n　　各乡镇要在6月底前完成服务站挂牌。会议开得很好。\n>　　村（社区）必须配齐专职人员；';
    const drafts = draftsOf(text);
    expect(drafts.map((d) => d.quote)).toEqual(['各乡镇要在6月底前完成服务站挂牌', '村（社区）必须配齐专职人员']);
    for (const d of drafts) expect(text.slice(d.at, d.at + d.quote.length)).toBe(d.quote);
  });

  it('takes no passage without a directing cue: descriptions, 重要/主要/需要 are not 要', () => {
    expect(draftsOf('这是一项重要工作。主要问题在基层。今年工作成效明显。需要说明的是，数据还在统计。')).toEqual([]);
  });

  it('does not take a description that only mentions 及时 or 经常', () => {
    expect(draftsOf('有的单位工作开展不经常。群众反映问题没有及时答复的现象仍然存在。')).toEqual([]);
    expect(only('发现困难家庭要及时上报').cue).toBe('要');
  });

  it('splits sentences at 。！？； and line ends', () => {
    expect(sentences('一。二！三？四；五\n六').map((s) => s.text)).toEqual(['一', '二', '三', '四', '五', '六']);
  });

  it('reads Chinese numerals', () => {
    expect([numberValue('三'), numberValue('十'), numberValue('十二'), numberValue('二十'), numberValue('三十一'), numberValue('１５'), numberValue('十十')]).toEqual([
      3, 10, 12, 20, 31, 15, undefined,
    ]);
  });
});

describe('speech drafts: cues', () => {
  it.each([
    ['各县区要在年底前成立关爱基金', '年底前'],
    ['乡镇专职人员每月要把每个村走访一遍', '每月'],
    ['各单位务必高度重视', '务必'],
    ['服务站建设必须全覆盖', '必须'],
    ['确保按时完成', '确保'],
    ['对拖延的一律通报', '一律'],
    ['限期整改到位', '限期'],
    ['春节前走访慰问困难退役军人', '春节前'],
    ['各单位要认真落实', '要'],
  ])('%s → cue %s', (text, cue) => {
    expect(only(text).cue).toBe(cue);
  });

  it('lists every cue of a passage in text order', () => {
    expect(only('各乡镇要每季度报送一次台账，确保数据准确').cues).toEqual(['要', '每季度', '确保']);
  });
});

describe('speech drafts: deadlines and cadences', () => {
  it('年底前 and 年内 are the end of the year, stated in the text', () => {
    const d = only('各县区关爱基金年底前必须成立');
    expect(d.deadline).toMatchObject({ rule: { type: 'endOfYear' }, provenance: 'text' });
    expect(d.kinds[0]).toBe('one-off');
    expect(only('信访积案年内要全部化解').deadline.rule).toEqual({ type: 'endOfYear' });
  });

  it('X月底前 and X月X日前 are dates in the speech year (the next when passed), as days from the speech', () => {
    const june = only('各乡镇要在6月底前完成挂牌');
    expect(june.deadline).toMatchObject({ dueDate: '2026-06-30', rule: { type: 'withinDays', days: 112 }, provenance: 'text' });
    expect(only('各村要在三月五日前上报名单').deadline.dueDate).toBe('2027-03-05');
    expect(only('各镇要在十二月十五日前完成考核').deadline.dueDate).toBe('2026-12-15');
  });

  it('N个工作日内, N日内, N小时内 become the matching rules', () => {
    expect(only('接到通知后要在5个工作日内答复').deadline.rule).toEqual({ type: 'withinWorkingDays', days: 5 });
    expect(only('要在十五日内完成核查').deadline.rule).toEqual({ type: 'withinDays', days: 15 });
    expect(only('发生聚集事件要2小时内报告').deadline.rule).toEqual({ type: 'withinHours', hours: 2 });
  });

  it('限期 without a number proposes 30 days, saying it is proposed', () => {
    expect(only('存在问题的单位要限期整改').deadline).toMatchObject({ rule: { type: 'withinDays', days: 30 }, provenance: 'proposed' });
  });

  it('每月, 每季度, 每年 are cadences; the period end is the proposed deadline', () => {
    const monthly = only('乡镇每月要召开一次专题会议');
    expect(monthly.kinds[0]).toBe('recurring');
    expect(monthly.cadence).toMatchObject({ rule: { every: 'month' }, provenance: 'text' });
    expect(monthly.deadline).toMatchObject({ rule: { type: 'endOfMonth' }, provenance: 'proposed' });
    expect(only('县区每季度要开展一次督查').cadence?.rule).toEqual({ every: 'quarter' });
    expect(only('每年要评选一次优秀退役军人').cadence?.rule).toEqual({ every: 'year' });
  });

  it('定期 and 经常 propose a quarterly cadence, marked proposed', () => {
    expect(only('各级书记要定期听取汇报').cadence).toMatchObject({ rule: { every: 'quarter' }, provenance: 'proposed' });
  });

  it('春节前 and 八一前 visits come back each year: a holiday cadence due by the festival', () => {
    const visits = only('每年春节前、八一前要走访慰问重点优抚对象');
    expect(visits.cadence).toMatchObject({ rule: { every: 'holiday', holidays: ['春节', '八一'] }, provenance: 'text', dueAtPeriodEnd: true });
    expect(visits.kinds[0]).toBe('recurring');
  });

  it('春节前 said of a one-off task is a date: the eve of the festival', () => {
    const once = only('各乡镇要在春节前完成台账建设');
    expect(once.deadline).toMatchObject({ dueDate: '2027-02-05', provenance: 'text' });
    expect(once.cadence).toBeUndefined();
  });

  it('重大节日 proposes the usual seasons of visits', () => {
    expect(only('重大节日要专门安排走访慰问').cadence).toMatchObject({
      rule: { every: 'holiday', holidays: ['元旦', '春节', '八一', '中秋', '国庆'] },
      provenance: 'proposed',
    });
  });

  it('敏感时段 is a sensitive-period cadence', () => {
    expect(only('两会期间要加强稳控').cadence?.rule).toEqual({ every: 'sensitive-period', periods: ['两会'] });
  });
});

describe('speech drafts: target level and kinds', () => {
  it.each([
    ['各乡镇要建立退役军人台账', 'town'],
    ['街道要配齐专职工作人员', 'town'],
    ['村（社区）要选聘志愿者', 'village'],
    ['社区要把网格员纳入领导小组', 'village'],
    ['各县区要成立关爱基金', 'county'],
    ['市级服务中心要加强指导', 'city'],
    ['乡镇专职人员，每月要把每个村跑一遍', 'town'],
  ])('%s → %s', (text, level) => {
    expect(only(text).targetLevel).toBe(level);
  });

  it('without a named subject, a city speech goes to the counties and a county speech to the towns', () => {
    expect(extractDrafts('我市要加强统筹。各单位要认真落实', { today: TODAY }).map((d) => d.targetLevel)).toEqual(['county', 'county']);
    expect(extractDrafts('全县上下要加强统筹。全县要认真落实。', { today: TODAY }).every((d) => d.targetLevel === 'town')).toBe(true);
    expect(extractDrafts('要认真落实', { today: TODAY, speakerLevel: 'town' })[0]?.targetLevel).toBe('village');
  });

  it('names every level the passage mentions', () => {
    expect(only('乡镇专职人员每月要把所属每个社区、村跑一遍').levels).toEqual(['town', 'village']);
  });

  it('staffing minimums and prohibitions are standing; 及时 work is event-driven', () => {
    expect(only('社区要至少选聘3名志愿者').kinds).toContain('standing');
    expect(only('要及时为审核通过的退役军人送光荣牌').kinds).toContain('event');
  });
});

describe('speech drafts: steps', () => {
  it('一是…二是…三是… inside a sentence are the steps of one draft', () => {
    const d = only('服务站要做到以下几点：一是挂牌，二是配齐人员，三是建立台账。');
    expect(d.steps).toEqual(['挂牌', '配齐人员', '建立台账']);
    expect(d.quote).toBe('服务站要做到以下几点：一是挂牌，二是配齐人员，三是建立台账');
  });

  it('（一）（二） and 1. 2. lists are steps too', () => {
    expect(only('各乡镇要在6月底前完成三项工作：（一）选址挂牌；（二）配齐人员；（三）上墙公示。').steps).toEqual(['选址挂牌', '配齐人员', '上墙公示']);
    expect(only('各村要完成以下工作：\n1. 摸底登记\n2. 建立台账\n3. 上报乡镇').steps).toEqual(['摸底登记', '建立台账', '上报乡镇']);
  });

  it('an item heading (一是要…。) names the directive of the sentence after it', () => {
    const drafts = draftsOf('针对这些问题，一是要严格落实编制。县区必须配齐工作人员。二是要加强工作力量。乡镇每月要走访每个村。');
    expect(drafts.map((d) => [d.title, d.quote, d.targetLevel])).toEqual([
      ['严格落实编制', '一是要严格落实编制。县区必须配齐工作人员', 'county'],
      ['加强工作力量', '二是要加强工作力量。乡镇每月要走访每个村', 'town'],
    ]);
  });

  it('an item heading followed by a description stands alone', () => {
    expect(draftsOf('四是要扶持就业创业。就业是民生之本。要广泛了解就业意愿。').map((d) => d.quote)).toEqual(['四是要扶持就业创业', '要广泛了解就业意愿']);
  });

  it('items of a list introduced by a cue inherit it', () => {
    const drafts = draftsOf('要开展以下活动：一是学习活动。组织退役军人学习政策。二是文体活动。组织球类比赛。');
    expect(drafts.map((d) => [d.title, d.cue])).toEqual([
      ['学习活动', '要'],
      ['文体活动', '要'],
    ]);
  });

  it('section headings are not drafts, and name the section of the drafts below them', () => {
    const drafts = draftsOf('一、要加强阵地建设\n（一）要规范服务站。各村要配齐设施。\n二、要加强队伍建设\n各乡镇要配齐人员。');
    expect(drafts.map((d) => [d.section, d.quote])).toEqual([
      ['§一(一)', '各村要配齐设施'],
      ['§二', '各乡镇要配齐人员'],
    ]);
  });
});

describe('speech drafts: as directive bodies', () => {
  it('converts a draft into the body of POST /api/directives: the shape of a catalog entry without id and code', () => {
    const draft = only('各乡镇要在6月底前完成三项工作：（一）选址挂牌；（二）确定人员；（三）上墙公示。');
    const body = toDirectiveBody(draft, { title: '讲话.txt', date: TODAY });
    expect(body).toEqual({
      title: { zh: draft.title, en: draft.title },
      kinds: ['one-off'],
      sources: [{ kind: 'speech', title: '讲话.txt', date: TODAY, quote: draft.quote }],
      levels: ['town'],
      targetLevel: 'town',
      steps: [
        { id: 'step-1', title: { zh: '选址挂牌', en: '选址挂牌' }, provenance: 'text' },
        { id: 'step-2', title: { zh: '确定人员', en: '确定人员' }, provenance: 'text' },
        { id: 'step-3', title: { zh: '上墙公示', en: '上墙公示' }, provenance: 'text' },
      ],
      evidence: [],
      standards: [],
      deadline: { rule: { type: 'withinDays', days: 112 }, provenance: 'text', note: '讲话原文「6月底前」：2026-06-30' },
    });
  });

  it('drops blank steps a leader left, and numbers the rest', () => {
    const draft = { ...only('各乡镇要完成以下工作：一是选址，二是挂牌。'), steps: ['选址', ' ', '挂牌'] };
    expect(toDirectiveBody(draft, { title: 's' }).steps.map((s) => [s.id, s.title.zh])).toEqual([
      ['step-1', '选址'],
      ['step-2', '挂牌'],
    ]);
  });

  it('makes bodies that POST /api/directives accepts (its schema), for every kind of draft', () => {
    const texts = [
      '各乡镇要在6月底前完成三项工作：（一）选址挂牌；（二）确定人员；（三）上墙公示。',
      '乡镇每月要走访每个村。',
      '要及时为审核通过的退役军人送光荣牌。',
      '社区要至少选聘3名志愿者。',
      '每年春节前、八一前要走访慰问重点优抚对象。',
      '两会期间要加强稳控。',
      '各村要在三月十日前上报名单。',
    ];
    for (const draft of texts.flatMap(draftsOf)) {
      const result = DirectiveBody.safeParse(toDirectiveBody(draft, { title: '讲话', date: TODAY }));
      expect(result.success, `${draft.quote}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('gives a draft without listed steps one proposed step, a recurring one its cadence, an event one a trigger', () => {
    const monthly = toDirectiveBody(only('乡镇每月要走访每个村'), { title: 's' });
    expect(monthly.steps).toEqual([{ id: 'step-1', title: { zh: monthly.title.zh, en: monthly.title.zh }, provenance: 'proposed' }]);
    expect(monthly.cadence).toMatchObject({ rule: { every: 'month' } });
    const event = toDirectiveBody(only('要及时为审核通过的退役军人送光荣牌'), { title: 's' });
    expect(event.triggers).toHaveLength(1);
    expect(event.triggers?.[0]?.type).toMatch(/^speech-[a-z0-9]+$/);
  });
});
