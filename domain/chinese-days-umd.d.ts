/** The UMD build of chinese-days exports what the package's declarations describe (see chinese-days.ts). */
declare module 'chinese-days/dist/index.min.js' {
  export * from 'chinese-days';
}
