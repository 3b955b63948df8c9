import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatOrgCsv, formatOrgJson } from '../domain/org-import';
import { LEVEL_NAMES, ORG_LEVELS } from '../domain/org';
import { generateProvinceDemo, PROVINCE_DEMO_VILLAGES } from '../domain/province-demo';

/**
 * `npm run org:generate -- --villages N --out FILE.csv|.json`: writes the province-sized demo org (示范省) as an org
 * file, ready for `npm run org:import`.
 */
const USAGE = 'usage: npm run org:generate -- [--villages N] [--seed S] --out FILE.csv|FILE.json';

function main(argv: string[]): number {
  const options: { villages?: number; seed?: number; out?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) {
      process.stderr.write(`${flag} needs a value\n${USAGE}\n`);
      return 2;
    }
    if (flag === '--villages' || flag === '--seed') {
      const n = Number(value.replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < (flag === '--villages' ? 1 : 0)) {
        process.stderr.write(`${flag} must be a whole number, not "${value}"\n${USAGE}\n`);
        return 2;
      }
      options[flag === '--villages' ? 'villages' : 'seed'] = n;
    } else if (flag === '--out') {
      options.out = value;
    } else {
      process.stderr.write(`unknown option ${flag}\n${USAGE}\n`);
      return 2;
    }
  }
  const out = options.out;
  const format = out?.toLowerCase().match(/\.(json|csv)$/)?.[1] as 'json' | 'csv' | undefined;
  if (!out || !format) {
    process.stderr.write(`--out must name a .csv or .json file\n${USAGE}\n`);
    return 2;
  }
  const units = generateProvinceDemo({
    villages: options.villages ?? PROVINCE_DEMO_VILLAGES,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, format === 'json' ? formatOrgJson(units) : formatOrgCsv(units));
  const perLevel = ORG_LEVELS.map((level) => `${LEVEL_NAMES[level]} ${units.filter((u) => u.level === level).length}`)
    .join(', ');
  process.stdout.write(`wrote ${out}: ${units.length} units (${perLevel})\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`org:generate failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
