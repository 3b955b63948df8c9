import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLE_NAMES, ROLES, subjectRefusal, type Role } from '../domain/access';
import { loadConfig } from '../platform/config';
import { DEFAULT_TOKEN_TTL, issueToken } from '../platform/tokens';
import { openCommandReadModel } from './read-model';

const USAGE = `usage: npm run token -- --role ${ROLES.join('|')} [--unit UNIT_ID] [--name NAME] [--subject ID] [--ttl 12h]
       npm run token -- --new-secret      (a fresh key for DUBAN_JWT_SECRET)`;

/**
 * `npm run token`: prints a bearer token for a person with a role at a unit (the org root by default), signed with
 * the key the API checks (DUBAN_JWT_SECRET, or the data folder's development key).
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        unit: { type: 'string' },
        name: { type: 'string' },
        subject: { type: 'string' },
        ttl: { type: 'string', default: DEFAULT_TOKEN_TTL },
        'new-secret': { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args['new-secret']) {
    process.stdout.write(`${randomBytes(32).toString('base64')}\n`);
    return 0;
  }
  const role = args.role as Role | undefined;
  if (!role || !ROLES.includes(role)) {
    process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  if (!/^\d+[smhd]$/.test(args.ttl)) {
    process.stderr.write(`--ttl must be a number with s, m, h or d (e.g. 12h, 7d)\n`);
    return 2;
  }
  const config = loadConfig();
  // The read model must answer and hold the org. A data folder without its embedded PostgreSQL is not given one here.
  if (!config.databaseUrl && !existsSync(join(config.embeddedPostgres.dir, 'PG_VERSION'))) {
    process.stderr.write(`no read model in ${config.embeddedPostgres.dir}: run npm start (or npm run org:import) first\n`);
    return 1;
  }
  const opened = await openCommandReadModel(config);
  const { readModel } = opened;
  try {
    if (!(await readModel.ping())) {
      process.stderr.write(`the read model's database does not answer (${opened.label})\n`);
      return 1;
    }
    if ((await readModel.org.count()) === 0) {
      process.stderr.write(`the read model (${opened.label}) holds no org units: run npm start (or npm run org:import) first\n`);
      return 1;
    }
    const unit = args.unit === undefined ? await readModel.org.root() : await readModel.org.get(args.unit);
    if (!unit) {
      process.stderr.write(args.unit === undefined ? 'the org tree is empty\n' : `no unit ${args.unit} in the org tree\n`);
      return 1;
    }
    const name = args.name ?? `${unit.name}${ROLE_NAMES[role]}`;
    const subject = args.subject ?? `${unit.id}/${role}/${name}`;
    const refusal = subjectRefusal(subject, { name, role, unitId: unit.id }, await readModel.audit.personOf(subject));
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      return 1;
    }
    // Every entry made with the token records who issued it: here, the operator at the console.
    const issuedBy = `npm run token (${userInfo().username})`;
    const token = await issueToken(config.tokens, { subject, name, role, unitId: unit.id, issuedBy }, args.ttl);
    process.stderr.write(`${name}: ${role} (${ROLE_NAMES[role]}) at ${unit.name} ${unit.id}, valid ${args.ttl}\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`token: ${err.message}\n`);
    process.exitCode = 1;
  },
);
