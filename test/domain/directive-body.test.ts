import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../domain/catalog';
import { DirectiveBody, directiveContent } from '../../domain/catalog/directive-body';

/** Keys in one order, so two objects compare by content alone. */
const sorted = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(sorted) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])])) : x;

describe('the body of POST /api/directives (立项)', () => {
  it.each(CATALOG.map((d) => [d.code, d] as const))('takes catalog entry %s as it is and stores it unchanged', (_code, directive) => {
    const { id: _id, code: _c, ...content } = directive;
    const parsed = DirectiveBody.safeParse(JSON.parse(JSON.stringify(content)));
    expect(parsed.error?.issues).toBeUndefined();
    expect(sorted(directiveContent(parsed.data!))).toEqual(sorted(content));
  });

  it('numbers steps without an id after those that have one, never reusing one', () => {
    const body = DirectiveBody.parse({
      title: '测试',
      kinds: ['one-off'],
      sources: [{ kind: 'meeting', quote: '会议议定：年底前完成' }],
      targetLevel: 'county',
      steps: [{ title: '甲' }, { id: 'step-1', title: '乙' }, { title: { zh: '丙' } }],
      deadline: { rule: { type: 'endOfYear' } },
    });
    expect(directiveContent(body).steps.map((s) => s.id)).toEqual(['step-2', 'step-1', 'step-3']);
  });

  it('takes a cadence without a deadline rule: each period is due at its end', () => {
    const content = directiveContent(
      DirectiveBody.parse({ title: '每月走访', kinds: ['recurring'], sources: [{ quote: '每月把每个村跑一遍' }], targetLevel: 'town', steps: [{ title: '走访' }], cadence: { rule: { every: 'month' } } }),
    );
    expect(content.cadence).toMatchObject({ rule: { every: 'month' }, dueAtPeriodEnd: true });
    expect(content.deadline).toMatchObject({ rule: { type: 'endOfYear' }, provenance: 'proposed' });
    const neither = DirectiveBody.safeParse({ title: '无期限', kinds: ['one-off'], sources: [{ quote: '要抓好落实' }], targetLevel: 'town', steps: [{ title: '落实' }] });
    expect(neither.error?.issues[0]?.path).toEqual(['deadline']);
  });
});
