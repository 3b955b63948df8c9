import { readFileSync } from 'node:fs';
import { detectFormat, parseOrgFile, type ImportCounts } from '../domain/org-import';
import { LEVEL_NAMES, ORG_LEVELS } from '../domain/org';
import { loadConfig } from '../platform/config';
import { importOrgText } from '../readmodel/org-import';
import { openCommandReadModel } from './read-model';

/**
 * `npm run org:import -- FILE [--dry-run]`: loads an org file (JSON or CSV) into the read model that `npm start`
 * uses. The whole file is checked first, against itself and against the units already stored; with any error
 * nothing is imported. New units are added, stored ones get the file's name, type and station.
 */
export function formatCounts(counts: ImportCounts): string[] {
  return ORG_LEVELS.filter((level) => {
    const c = counts[level];
    return c.added + c.updated + c.unchanged > 0;
  }).map((level) => {
    const c = counts[level];
    const n = (value: number) => String(value).padStart(6);
    const label = `${LEVEL_NAMES[level].padEnd(4, '\u3000')} ${level.padEnd(8)}`;
    return `  ${label} added ${n(c.added)}  updated ${n(c.updated)}  unchanged ${n(c.unchanged)}`;
  });
}

const USAGE = 'usage: npm run org:import -- FILE [--dry-run]   (FILE: .csv or .json; see README "Org tree import")';

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const rest = argv.filter((a) => a !== '--dry-run');
  const file = rest[0];
  if (!file || rest.length > 1 || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const fail = (errors: Array<{ line: number; message: string }>) => {
    for (const e of errors) process.stderr.write(`${file}:${e.line}: ${e.message}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; imported nothing\n`);
    return 1;
  };

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (err) {
    const message =
      err instanceof TypeError
        ? 'the file is not UTF-8 text (save it as "CSV UTF-8" or JSON in UTF-8)'
        : `cannot read the file: ${(err as Error).message}`;
    return fail([{ line: 1, message }]);
  }
  const format = detectFormat(file, text);
  // A file with errors never opens (or creates) the read model.
  const parsed = parseOrgFile(text, format);
  if (!parsed.ok) return fail(parsed.errors);

  const config = loadConfig();
  const opened = await openCommandReadModel(config);
  const { readModel } = opened;
  try {
    const result = await importOrgText(readModel, text, { format, dryRun });
    if (!result.ok) return fail(result.errors);
    process.stdout.write(
      [
        dryRun
          ? `dry run: ${file} is valid; importing it into the read model (${opened.label}) would do:`
          : `imported ${file} into the read model (${opened.label}):`,
        ...formatCounts(result.counts),
        `  the read model holds ${await readModel.org.count()} units`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await opened.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`org:import failed: ${(err as Error).stack ?? String(err)}\nimported nothing\n`);
      process.exitCode = 1;
    },
  );
}
