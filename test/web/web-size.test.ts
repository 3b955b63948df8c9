import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { measureWeb } from '../../scripts/web-size';

// The build's first-page figure: the entry and what it imports statically, never the lazy routes.
describe('measureWeb', () => {
  const dist = mkdtempSync(join(tmpdir(), 'duban-web-size-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('counts the entry and its static imports gzipped, and each lazy route apart', () => {
    mkdirSync(join(dist, '.vite'));
    mkdirSync(join(dist, 'assets'));
    const files = {
      'assets/index.js': 'import "./vendor.js";'.repeat(50),
      'assets/vendor.js': 'export const v = 1;'.repeat(400),
      'assets/dashboard.js': 'export const chart = "echarts";'.repeat(900),
      'assets/shared.js': 'export const s = 2;'.repeat(30),
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dist, file), text);
    writeFileSync(
      join(dist, '.vite/manifest.json'),
      JSON.stringify({
        'index.html': { file: 'assets/index.js', src: 'index.html', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/dashboard.tsx'] },
        '_vendor.js': { file: 'assets/vendor.js' },
        '_shared.js': { file: 'assets/shared.js', imports: ['_vendor.js'] },
        'src/dashboard.tsx': { file: 'assets/dashboard.js', src: 'src/dashboard.tsx', isDynamicEntry: true, imports: ['_vendor.js', '_shared.js'] },
      }),
    );
    const gz = (file: keyof typeof files) => gzipSync(files[file]).length;
    const size = measureWeb(dist);
    expect(size.firstPageFiles.sort()).toEqual(['assets/index.js', 'assets/vendor.js']);
    expect(size.firstPageJs).toBe(gz('assets/index.js') + gz('assets/vendor.js'));
    expect(size.lazy).toEqual([{ src: 'src/dashboard.tsx', gzip: gz('assets/dashboard.js') + gz('assets/shared.js') }]);
  });
});
