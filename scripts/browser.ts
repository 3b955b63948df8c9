import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isExecutable, onPath } from './temporal/commands';

/**
 * The browser the browser tests (test/web) drive: Debian's Chromium through playwright-core (Playwright's own browser
 * download is not used), and a CJK font so that Chinese renders as text, not boxes. `npm test` provisions both first
 * (scripts/provision.ts), as it does the Temporal binaries: found where it is, else installed with apt-get on a
 * Debian or Ubuntu machine when we are root, else the run fails with one message naming what to install. The browser
 * tests never skip for want of a browser.
 */

const log = (message: string) => process.stderr.write(`[browser] ${message}\n`);

/** Where Debian and Ubuntu's `chromium` package puts it. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = { browser: 'chromium', font: 'fonts-wqy-zenhei' } as const;

export const BROWSER_INSTALL_HINT =
  `The browser tests need Chromium and a CJK font: install them (on Debian or Ubuntu, as root: ` +
  `apt-get install -y --no-install-recommends ${APT_PACKAGES.browser} ${APT_PACKAGES.font}), or point ` +
  `DUBAN_CHROMIUM_PATH at a Chromium or Chrome executable and install a font with Chinese glyphs ` +
  `(fc-list :lang=zh must list one).`;

export class BrowserMissingError extends Error {
  constructor(what: string) {
    super(`${what}. ${BROWSER_INSTALL_HINT}`);
    this.name = 'BrowserMissingError';
  }
}

/** The Chromium to drive, or undefined when none is installed where we look. DUBAN_CHROMIUM_PATH must be right. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.DUBAN_CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new BrowserMissingError(`DUBAN_CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return resolve(fromEnv);
  }
  if (isExecutable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  return onPath('chromium') ?? onPath('chromium-browser');
}

/** Whether fontconfig knows a font with Chinese glyphs (what Chromium falls back to for 汉字). */
export function hasCjkFont(): boolean {
  const fcList = onPath('fc-list');
  if (!fcList) return false;
  const listed = spawnSync(fcList, [':lang=zh', 'family'], { encoding: 'utf8' });
  return listed.status === 0 && listed.stdout.trim().length > 0;
}

/** The Chromium for a test run: present with a CJK font, or one clear error. Used by the test harness. */
export function requireBrowser(): string {
  const chromium = findChromium();
  if (!chromium) throw new BrowserMissingError(`no Chromium at ${DEFAULT_CHROMIUM} or on PATH`);
  if (!hasCjkFont()) throw new BrowserMissingError('no CJK font is installed (fc-list :lang=zh lists none)');
  return chromium;
}

function isDebianLike(): boolean {
  if (existsSync('/etc/debian_version')) return true;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

/** Runs apt-get with its output shown (on stderr, beside the other provisioning logs). */
function aptGet(args: string[]): Promise<number> {
  log(`apt-get ${args.join(' ')}`);
  return new Promise((done) => {
    const child = spawn('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', (err) => {
      log(`apt-get could not start: ${err.message}`);
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

/** Whether apt knows an installable version of each package (else its lists need an `apt-get update`). */
function aptKnows(packages: string[]): boolean {
  return packages.every((name) => {
    const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
    const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? '')?.[1];
    return policy.status === 0 && candidate !== undefined && candidate !== '(none)';
  });
}

async function aptInstall(packages: string[]): Promise<void> {
  if (!isDebianLike() || !onPath('apt-get')) {
    throw new BrowserMissingError(`${packages.join(' and ')} missing, and this is not a Debian or Ubuntu machine to install them on`);
  }
  if (process.getuid?.() !== 0) {
    throw new BrowserMissingError(`${packages.join(' and ')} missing, and installing them needs root`);
  }
  const started = Date.now();
  log(`installing ${packages.join(' ')} with apt-get (first time only; about half a minute)…`);
  if (!aptKnows(packages) && (await aptGet(['update'])) !== 0) {
    throw new BrowserMissingError('apt-get update failed (its output is above)');
  }
  if ((await aptGet(['install', '-y', '--no-install-recommends', ...packages])) !== 0) {
    throw new BrowserMissingError(`apt-get install ${packages.join(' ')} failed (its output is above)`);
  }
  log(`installed ${packages.join(' ')} in ${Math.round((Date.now() - started) / 1000)}s`);
}

function chromiumVersion(path: string): string {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : 'version unknown';
}

/** Makes sure Chromium and a CJK font are installed, installing them when we can; throws one clear error if not. */
export async function provisionBrowser(): Promise<string> {
  const missing: string[] = [];
  let chromium = findChromium();
  if (!chromium) missing.push(APT_PACKAGES.browser);
  if (!hasCjkFont()) missing.push(APT_PACKAGES.font);
  if (missing.length > 0) await aptInstall(missing);
  chromium = findChromium();
  if (!chromium) throw new BrowserMissingError(`apt-get installed ${APT_PACKAGES.browser} but no Chromium is at ${DEFAULT_CHROMIUM}`);
  if (!hasCjkFont()) throw new BrowserMissingError(`no CJK font is listed by fc-list :lang=zh after installing ${APT_PACKAGES.font}`);
  log(`Chromium: ${chromium} (${chromiumVersion(chromium)}), CJK font present`);
  return chromium;
}
