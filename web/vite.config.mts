import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspNonceForInjectedStyles } from './csp-nonce-plugin.mts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** `npm run dev:web` proxies /api to the API that `npm start` runs (PORT as it uses it). */
const apiPort = process.env.PORT ?? '3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), cspNonceForInjectedStyles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/web-size.ts reads it to measure the first page's JavaScript.
    manifest: true,
    // antd alone is larger than Vite's default warning; the first page's total is checked by web-size instead.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // domain/ is pure (it is bundled into Temporal's sandbox too), and chinese-days — which domain/ reaches but the
      // role table does not use — is a UMD file the bundler cannot prove free of effects: both are left out when unused.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/](domain|chinese-days)[\\/]/.test(id) },
    },
  },
  server: {
    // domain/access.ts (the role table) is bundled from outside web/.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: `http://localhost:${apiPort}`, changeOrigin: false } },
  },
});
