import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../platform/tokens';
import { SMALL_ORG } from '../support/org';
import { tempDir } from '../support/temp-dir';
import { tempReadModel } from '../support/temporal';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

describe('npm run token', () => {
  it('stamps who issued the token, and refuses a subject that is already someone else', async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    const databaseUrl = readModel.db.options.connectionString;
    // 赵专干 has acted at k1 under subject p-zhao.
    await readModel.audit.append({
      at: Date.now(),
      requestId: 'r1',
      actor: { subject: 'p-zhao', name: '赵专干', role: 'staff', unitId: 'k1' },
      action: 'evidence.upload',
      subjectType: 'evidence',
      subjectId: 'x',
      unitId: 'k1',
      unitPath: '/c1/k1/',
      before: null,
      after: {},
    });
    await readModel.close();
    const secret = randomBytes(32);
    // The same read model through DATABASE_URL; a data folder of its own, so nothing is written to the project's.
    const dataDir = tempDir('duban-test-');
    const env = { ...process.env, DUBAN_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, DUBAN_JWT_SECRET: secret.toString('base64') };
    const token = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { cwd: ROOT, env });

    const same = await token(['--role', 'staff', '--unit', 'k1', '--name', '赵专干', '--subject', 'p-zhao']);
    const principal = await verifyToken({ secret: new Uint8Array(secret), issuer: 'duban', audience: 'duban-api' }, same.stdout.trim());
    expect(principal).toMatchObject({ subject: 'p-zhao', name: '赵专干', role: 'staff', unitId: 'k1', issuedBy: expect.stringMatching(/^npm run token \(.+\)$/) });

    const other = token(['--role', 'supervisor', '--unit', 'k1', '--name', '赵专干', '--subject', 'p-zhao']);
    await expect(other).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/subject: p-zhao is 赵专干, a staff member \(经办人\) at k1/) });
  }, 60_000);
});
