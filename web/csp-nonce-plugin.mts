import type { Plugin } from 'vite';

/**
 * antd's helper that injects `<style>` elements (@rc-component/util Dom/dynamicCSS) gives them a nonce only when its
 * caller passes one; antd's CSS-in-JS does (ConfigProvider `csp`), but two callers do not: the scrollbar measurement
 * every Table runs on mount and the body scroll lock of Drawer/Modal. Under the app's CSP (`style-src 'self'
 * 'nonce-…'`) those styles are refused, with a console error each time. This build step makes the helper fall back to
 * the page's nonce (`<meta name="csp-nonce">`, filled in by the API per response), so every style antd injects
 * carries it. It fails the build if the helper's code changes, rather than silently stop applying.
 */
const TARGET = /@rc-component[\\/]util[\\/](es|lib)[\\/]Dom[\\/]dynamicCSS\.js$/;
const ORIGINAL = /if \(csp\?\.nonce\) \{\s*styleNode\.nonce = csp\?\.nonce;\s*\}/;
const PATCHED = `{
    const nonce = (csp && csp.nonce) || (document.querySelector('meta[name="csp-nonce"]') || {}).content;
    if (nonce && nonce !== '__DUBAN_NONCE__') styleNode.nonce = nonce;
  }`;

export function cspNonceForInjectedStyles(): Plugin {
  return {
    name: 'duban-csp-nonce-for-injected-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0] ?? id)) return undefined;
      if (!ORIGINAL.test(code)) this.error(`${id}: the nonce assignment changed; update web/csp-nonce-plugin.mts`);
      return { code: code.replace(ORIGINAL, PATCHED), map: null };
    },
  };
}
