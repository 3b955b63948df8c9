import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';
import type { OrgUnit } from '../../domain/org';
import { parseOrgFile } from '../../domain/org-import';
import { demoSwitchFrom, prepareInstallation, startupMode } from '../../scripts/startup';
import { testTokens } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { tempReadModel } from '../support/temporal';

/**
 * Issue 12 item 11: `npm start` on a real org (the division codes imported with `npm run org:import`) schedules
 * none of the demo's duties and prints no sign-in tokens; the demo org, or the explicit switch, does.
 */
function realOrg(): OrgUnit[] {
  const parsed = parseOrgFile(readFileSync(resolve(__dirname, '../fixtures/org/valid.csv'), 'utf8'), 'csv');
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.units;
}

describe('demo or real installation', () => {
  it('treats the imported 延安市 codes as a real org and the generated one as the demo', async () => {
    const real = realOrg();
    expect(real[0]).toMatchObject({ id: '610600', name: '延安市' });
    expect(await startupMode(await tempReadModel(real), undefined)).toMatchObject({ demo: false, loadDemoOrg: false });
    expect(await startupMode(await tempReadModel(generateDemoOrg()), undefined)).toMatchObject({ demo: true, loadDemoOrg: false });
    expect(await startupMode(await tempReadModel(), undefined)).toMatchObject({ demo: true, loadDemoOrg: true });
  });

  it('lets the switch decide either way', async () => {
    expect((await startupMode(await tempReadModel(realOrg()), 'on')).demo).toBe(true);
    expect((await startupMode(await tempReadModel(generateDemoOrg()), 'off')).demo).toBe(false);
    expect(await startupMode(await tempReadModel(), 'off')).toMatchObject({ demo: false, loadDemoOrg: false });
    expect(demoSwitchFrom(['--demo'], {})).toBe('on');
    expect(demoSwitchFrom(['--no-demo'], { DUBAN_DEMO: '1' })).toBe('off');
    expect(demoSwitchFrom([], { DUBAN_DEMO: '1' })).toBe('on');
    expect(demoSwitchFrom([], { DUBAN_DEMO: '0' })).toBe('off');
    expect(demoSwitchFrom([], {})).toBeUndefined();
  });
});

describe('npm start on a real org (dev server)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(realOrg());
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('schedules no duty nobody assigned and prints no token, only how to make the first admin token', async () => {
    const startup = await prepareInstallation({
      client: stack.env.client,
      readModel: stack.readModel,
      taskQueue: stack.taskQueue,
      tokens: testTokens,
      demoSwitch: undefined,
      port: 3000,
    });
    expect(startup.mode.demo).toBe(false);
    expect(startup.scheduled).toEqual([]);
    expect(await stack.readModel.recurring.list({})).toEqual([]);
    const banner = startup.signIn.join('\n');
    expect(banner).not.toMatch(/eyJ/); // a JWT's first bytes
    expect(banner).not.toMatch(/王局长/);
    expect(banner).toContain('npm run -s token -- --role admin --unit 610600');
  });
});
