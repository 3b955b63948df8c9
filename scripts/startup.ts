import type { Client } from '@temporalio/client';
import { startRecurring } from '../api/recurring-schedule';
import { ROLE_NAMES, type Role } from '../domain/access';
import { generateDemoOrg } from '../domain/demo-org';
import { issueToken, type TokenSettings } from '../platform/tokens';
import type { ReadModel, StoredUnit } from '../readmodel';

/**
 * What `npm start` does beyond running the product: only a demo installation gets the demo's recurring duties and
 * ready sign-in tokens in its console. A real installation (an org imported with `npm run org:import`) starts with
 * no duties nobody assigned and no tokens anyone could copy from a terminal: its first token is an admin's, made
 * with `npm run token`.
 */

/** The explicit switch: `npm start -- --demo` / `DUBAN_DEMO=1` (on), `--no-demo` / `DUBAN_DEMO=0` (off), else unset. */
export type DemoSwitch = 'on' | 'off' | undefined;

export function demoSwitchFrom(argv: readonly string[], env: NodeJS.ProcessEnv): DemoSwitch {
  if (argv.includes('--no-demo')) return 'off';
  if (argv.includes('--demo')) return 'on';
  const value = env.DUBAN_DEMO?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  return ['1', 'true', 'yes', 'on'].includes(value) ? 'on' : 'off';
}

export interface StartupMode {
  /** Load the generated demo org into the empty read model. */
  loadDemoOrg: boolean;
  /** Schedule the demo's recurring duties and print demo sign-in tokens. */
  demo: boolean;
  why: string;
}

/**
 * Demo or real, from the read model and the switch. An empty data folder gets the demo org (the quick start) unless
 * the switch is off; an org holding units flagged `demo` (the generated one) is the demo; an org without them is a
 * real installation unless the switch says demo. The switch always wins.
 */
export async function startupMode(readModel: ReadModel, demoSwitch: DemoSwitch): Promise<StartupMode> {
  if ((await readModel.org.count()) === 0) {
    return demoSwitch === 'off'
      ? { loadDemoOrg: false, demo: false, why: 'no org yet and the demo is switched off: import one with npm run org:import' }
      : { loadDemoOrg: true, demo: true, why: 'an empty data folder: the demo org is loaded' };
  }
  if (demoSwitch === 'on') return { loadDemoOrg: false, demo: true, why: 'the demo is switched on (--demo or DUBAN_DEMO=1)' };
  if (demoSwitch === 'off') return { loadDemoOrg: false, demo: false, why: 'the demo is switched off (--no-demo or DUBAN_DEMO=0)' };
  return (await readModel.org.demoCount()) > 0
    ? { loadDemoOrg: false, demo: true, why: 'the org is the generated demo org (units flagged demo)' }
    : { loadDemoOrg: false, demo: false, why: 'a real org: no unit is flagged demo' };
}

export interface Startup {
  mode: StartupMode;
  /** Recurring assignments scheduled for the demo now ([] when there were some already, or for a real org). */
  scheduled: string[];
  /** The sign-in part of the console banner. */
  signIn: string[];
}

/** Applies the mode: loads the demo org, schedules the demo's duties, and words the sign-in lines of the banner. */
export async function prepareInstallation(options: {
  client: Client;
  readModel: ReadModel;
  taskQueue: string;
  tokens: TokenSettings;
  demoSwitch: DemoSwitch;
  port: number;
  now?: number;
}): Promise<Startup> {
  const { client, readModel, taskQueue, tokens, port } = options;
  const mode = await startupMode(readModel, options.demoSwitch);
  if (mode.loadDemoOrg) await readModel.org.insertUnits(generateDemoOrg());
  const root = await readModel.org.root();
  if (!mode.demo || !root) {
    return {
      mode,
      scheduled: [],
      signIn: [
        `  Sign-in      no tokens are printed for a real installation (${mode.why}); make the first admin's with`,
        `               npm run -s token -- --role admin --unit ${root?.id ?? 'ROOT_UNIT_ID'} --name NAME`,
      ],
    };
  }
  const scheduled = (await readModel.recurring.list({})).length === 0 ? await startDemoDuties(client, readModel, root.id, taskQueue, options.now) : [];
  const people = await demoTokens(readModel, tokens);
  return {
    mode,
    scheduled,
    signIn: [
      `  Demo         ${mode.why}`,
      '  Demo sign-in (valid 12 h; more with npm run token -- --role ROLE --unit UNIT_ID):',
      ...people.flatMap((p) => [`    ${p.label}`, `      ${p.token}`]),
      `  e.g. curl -H "Authorization: Bearer <token>" http://localhost:${port}/api/org`,
    ],
  };
}

/**
 * Whose monthly 通报 a Schedule makes from start-up: the configured unit (DUBAN_BULLETIN_SCOPE), else the demo's root
 * (the demo city); a real installation without the setting gets none. A configured id not in the tree is an error.
 */
export async function bulletinScope(readModel: ReadModel, mode: StartupMode, configured: string | undefined): Promise<StoredUnit | undefined> {
  if (configured !== undefined) {
    const unit = await readModel.org.get(configured);
    if (!unit) throw new Error(`invalid environment: DUBAN_BULLETIN_SCOPE: no unit ${configured} in the org tree`);
    return unit;
  }
  return mode.demo ? readModel.org.root() : undefined;
}

/** One of the demo's people: who they are and where they sit. `id` is the subject of their tokens. */
export interface DemoPerson {
  id: string;
  name: string;
  role: Role;
  unit: StoredUnit;
}

/**
 * The demo's people: a leader and supervisor at the root and staff at the first county's first town. The supervisor
 * sits with the leader: the demo's work is assigned by the city, and its 退回 and 验收 belong to the assigning level
 * (domain/access.ts oversees), not to a county holding a task of its own. The console's ready tokens and the web
 * app's demo sign-in (api/routes/session.ts) both name these.
 */
export async function demoPeople(readModel: ReadModel): Promise<DemoPerson[]> {
  const root = await readModel.org.root();
  const county = root && (await readModel.org.children(root.id))[0];
  const town = county && (await readModel.org.children(county.id))[0];
  const seats: Array<[Role, StoredUnit | undefined, string]> = [
    ['leader', root, '王局长'],
    ['supervisor', root, '李督办'],
    ['staff', town, '张专干'],
  ];
  return seats.flatMap(([role, unit, name]) => (unit ? [{ id: `demo/${unit.id}/${role}`, name, role, unit }] : []));
}

/** A token for a demo person, issued by `issuedBy` (the console banner, or the web app's demo sign-in). */
export function demoToken(tokens: TokenSettings, person: DemoPerson, issuedBy: string): Promise<string> {
  return issueToken(tokens, { subject: person.id, name: person.name, role: person.role, unitId: person.unit.id, issuedBy });
}

/** Ready tokens for the demo's people, for the console banner. */
async function demoTokens(readModel: ReadModel, tokens: TokenSettings) {
  const people = [];
  for (const person of await demoPeople(readModel)) {
    const token = await demoToken(tokens, person, 'npm start (demo)');
    people.push({ label: `${person.role.padEnd(10)} ${person.name} (${ROLE_NAMES[person.role]}) at ${person.unit.name} ${person.unit.id}`, token });
  }
  return people;
}

/**
 * The recurring duties of the speeches, running for the demo org from the first start: monthly rounds by every
 * town, holiday visits by every village, the care fund by every county each year. Each is a Schedule in the UI.
 * The period under way is issued only if enough of it is left (recurrence.ts MIN_SHARE_LEFT_TO_ISSUE).
 */
async function startDemoDuties(client: Client, readModel: ReadModel, rootId: string, taskQueue: string, now = Date.now()): Promise<string[]> {
  const duties = [
    { id: 'demo-rounds', directiveId: 'monthly-village-rounds' },
    { id: 'demo-holiday-visits', directiveId: 'major-holiday-visits' },
    { id: 'demo-care-fund', directiveId: 'care-fund-establishment' },
  ];
  const scheduled: string[] = [];
  for (const duty of duties) {
    const directive = await readModel.directives.current(duty.directiveId);
    if (!directive?.cadence) continue;
    const record = {
      id: duty.id,
      directiveId: directive.id,
      directiveVersion: directive.version,
      scopeUnitId: rootId,
      targetLevel: directive.targetLevel,
      cadence: directive.cadence.rule,
      note: 'demo',
      createdAt: now,
    };
    await startRecurring(client, readModel, record, taskQueue, { issueCurrentPeriod: true, now });
    scheduled.push(duty.id);
  }
  return scheduled;
}
