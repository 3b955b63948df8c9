import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../domain/access';
import { homeOf, mayUse, pagesOf, PAGE_ACTIONS, PAGE_KEYS } from '../../web/src/app/pages';

// The web app's one role → pages table (web/src/app/pages.ts), read from domain/access.ts ACTIONS: the menu shows a
// role only what the API lets it do.
describe('the pages each role may use', () => {
  it('gives leaders every page, supervisors all but 交办, staff their unit’s work, the admin reads only (and drafts from speeches)', () => {
    expect(pagesOf('leader')).toEqual(['dashboard', 'assign', 'directives', 'supervise', 'bulletins', 'tasks', 'inbox', 'calendar', 'standards', 'petitions', 'speech']);
    expect(pagesOf('supervisor')).toEqual(['dashboard', 'supervise', 'bulletins', 'tasks', 'inbox', 'calendar', 'standards', 'petitions']);
    expect(pagesOf('staff')).toEqual(['tasks', 'inbox', 'calendar', 'standards', 'petitions']);
    expect(pagesOf('admin')).toEqual(['tasks', 'inbox', 'calendar', 'standards', 'speech']);
  });

  it('lands leaders and supervisors on 驾驶舱 and staff on 任务', () => {
    expect(homeOf('leader')).toBe('/dashboard');
    expect(homeOf('supervisor')).toBe('/dashboard');
    expect(homeOf('staff')).toBe('/tasks');
    expect(homeOf('admin')).toBe('/tasks');
  });

  it('never offers a page whose actions the API refuses the role', () => {
    for (const page of PAGE_KEYS)
      for (const role of ['leader', 'supervisor', 'staff', 'admin'] as const)
        expect(mayUse(role, page)).toBe(PAGE_ACTIONS[page].some((action) => ACTIONS[action][role as keyof (typeof ACTIONS)[typeof action]] !== undefined));
    expect(mayUse('staff', 'assign')).toBe(false);
    expect(mayUse('admin', 'petitions')).toBe(false);
  });
});
