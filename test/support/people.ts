import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/access';
import { issueToken, type TokenSettings } from '../../platform/tokens';
import { tempDir } from './temp-dir';

/** The tests' token key: random per test process, checked exactly as in production. */
export const testTokens: TokenSettings = { secret: new Uint8Array(randomBytes(32)), issuer: 'duban', audience: 'duban-api' };

/** A person for a test: a role at a unit. */
export interface Person {
  role: Role;
  unitId: string;
  name?: string;
}

export function tokenFor({ role, unitId, name }: Person): Promise<string> {
  return issueToken(testTokens, { subject: `test/${unitId}/${role}/${name ?? role}`, name: name ?? `${role}@${unitId}`, role, unitId });
}

/** What createApp needs besides the engine and the read model, for a test. */
export function testAppSettings() {
  return {
    tokens: testTokens,
    // The suites send hundreds of writes a minute from one address; the limit itself has its own test.
    writeRateLimit: 100_000,
    anonymousWriteRateLimit: 100_000,
    evidence: { dir: tempDir('duban-evidence-'), maxBytes: 2 * 1024 * 1024 },
  };
}
