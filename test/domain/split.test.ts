import { describe, expect, it } from 'vitest';
import { canSplitAt, isCounted, splitFieldRefusal } from '../../domain/split';

describe('分解 rules (domain/split.ts)', () => {
  it('lets every level with one below split, and never a village', () => {
    expect(['province', 'city', 'county', 'town'].every((level) => canSplitAt(level as never))).toBe(true);
    expect(canSplitAt('village')).toBe(false);
  });

  it('counts a task unless it has a sub-task that is not closed, or was itself closed by its parent’s holder', () => {
    const closed = { closedByHolder: { at: 1, by: '县', reason: '无需办理' } };
    expect(isCounted({}, [])).toBe(true);
    expect(isCounted({}, [{}])).toBe(false);
    expect(isCounted({}, [closed, {}])).toBe(false);
    expect(isCounted({}, [closed, closed])).toBe(true);
    expect(isCounted(closed, [])).toBe(false);
  });

  it('names the field of the first rule a request breaks', () => {
    const parent = { unitId: 'k1', dueAt: 1000, stepIds: ['a', 'b'] };
    const children = () => [{ id: 't1' }, { id: 't2' }];
    const refuse = (request: { unitIds: string[]; dueAt: number; stepIds: string[] }) => splitFieldRefusal(parent, request, children, 10)?.field;
    expect(refuse({ unitIds: ['t1'], dueAt: 1000, stepIds: ['a'] })).toBeUndefined();
    expect(refuse({ unitIds: ['v1'], dueAt: 1000, stepIds: ['a'] })).toBe('unitIds');
    expect(refuse({ unitIds: ['t1', 't1'], dueAt: 1000, stepIds: ['a'] })).toBe('unitIds');
    expect(refuse({ unitIds: ['t1'], dueAt: 1001, stepIds: ['a'] })).toBe('dueAt');
    expect(refuse({ unitIds: ['t1'], dueAt: 10, stepIds: ['a'] })).toBe('dueAt');
    expect(refuse({ unitIds: ['t1'], dueAt: 1000, stepIds: ['c'] })).toBe('stepIds');
    expect(refuse({ unitIds: ['t1'], dueAt: 1000, stepIds: ['a', 'a'] })).toBe('stepIds');
  });
});
