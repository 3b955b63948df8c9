/**
 * chinese-days, loaded from its UMD build. The package's "module" build is ES module syntax inside a package
 * marked "type": "commonjs", which webpack — the Temporal workflow bundler — refuses to parse; the UMD build (its
 * "main") loads everywhere: the workflow bundle, tsx and vitest. Types are the package's own
 * (chinese-days-umd.d.ts). Import the library through this file only.
 */
export { getLunarDate, getSolarTermDate, getYearLeapMonth, monthDays } from 'chinese-days/dist/index.min.js';
