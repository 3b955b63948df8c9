// Lint is here for two things the type checker cannot see: promises nobody waits for, and imports that cross the
// project's layers. Style is left to the code's authors; the recommended sets are not enabled wholesale.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A relative import that reaches one of these top-level folders, from any depth (`../api`, `../../workflows/x`). */
const layer = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Node's own modules, with or without the `node:` prefix. */
const nodeBuiltins = `^(node:.*|${builtinModules.map(escape).join('|')})$`;

/**
 * Workflow code is bundled into Temporal's deterministic sandbox: besides the project's own workflow-safe folders it may
 * load only the workflow SDK and pure libraries. Any other package (Node's built-ins included) is refused; type-only
 * imports are erased by the compiler and stay allowed (e.g. `WorkflowStartOptions` from the client).
 */
const sandboxPackages = {
  regex: '^(?![./])(?!(@temporalio/(workflow|common)|luxon|zod|chinese-days)(/|$))',
  allowTypeImports: true,
  message:
    'workflow code runs in the Temporal sandbox: import only @temporalio/workflow, @temporalio/common and pure libraries (luxon, zod, chinese-days)',
};

const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** Node's globals do not exist in the workflow sandbox; code bundled into it must not reach for them. */
const sandboxGlobals = {
  'no-restricted-globals': [
    'error',
    ...['process', 'Buffer', 'setImmediate', 'require', '__dirname', '__filename'].map((name) => ({
      name,
      message: 'not available in the Temporal workflow sandbox',
    })),
  ],
};

export default defineConfig(
  { ignores: ['.cache/**', '.tools/**', '.data/**', 'test/fixtures/**', 'web/dist/**', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.tsx'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Express 5 forwards a handler's rejected promise to the error handler and types the handler's return as
      // `unknown`, so async route handlers pass as they are and the void-return check stays on everywhere.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // The SDK deprecates workflow APIs on its way to removing them, and a workflow lives as long as its history.
      '@typescript-eslint/no-deprecated': 'error',
      ...sandboxGlobals,
      ...restrictImports(
        sandboxPackages,
        {
          regex: layer('activities'),
          allowTypeImports: true,
          message: 'workflows call activities through proxyActivities: import their types only (`import type`)',
        },
        {
          regex: layer('api', 'readmodel', 'platform', 'worker', 'scripts', 'test'),
          message: 'workflow code imports only contracts/, domain/, other workflows and the workflow SDK',
        },
      ),
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: {
      ...sandboxGlobals,
      ...restrictImports(sandboxPackages, {
        regex: layer('api', 'activities', 'workflows', 'readmodel', 'platform', 'worker', 'scripts', 'test'),
        message: 'contracts are shared by every layer and import only domain/ and the workflow SDK',
      }),
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      ...sandboxGlobals,
      ...restrictImports(
        {
          regex: nodeBuiltins,
          allowTypeImports: true,
          message: 'domain/ is bundled into workflows (Temporal sandbox): no Node built-ins',
        },
        {
          regex: layer('api', 'activities', 'workflows', 'readmodel', 'platform', 'worker', 'scripts', 'contracts', 'test'),
          message: "domain/ is the project's core and imports none of its other layers",
        },
      ),
    },
  },
  {
    files: ['api/**/*.ts', 'readmodel/**/*.ts', 'activities/**/*.ts', 'platform/**/*.ts', 'scripts/**/*.ts'],
    rules: restrictImports(
      { regex: layer('workflows'), message: 'import from contracts/ instead' },
      {
        // 立项: directives are versioned records; domain/catalog holds only the seeds of their first versions.
        regex: '^(\\.\\./)+domain/(catalog(/index)?|recurrence)$',
        importNames: ['CATALOG', 'findDirective', 'findDirectiveByIdOrCode', 'filterCatalog', 'findEventTrigger', 'eventTypes', 'deadlineOfDirective'],
        message: 'look directives up with readModel.directives (readmodel/directive-store.ts), which knows their versions',
      },
    ),
  },
  {
    // The web app runs in the browser and reads only through the public API: of the server's code it may bundle
    // domain/ alone (pure TS, e.g. the role table in domain/access.ts), never Node's built-ins.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: restrictImports(
      { regex: nodeBuiltins, message: 'web/ runs in the browser: no Node built-ins' },
      {
        // (`api` is left out: web/src/api is the web app's own client, and a relative path cannot tell them apart.)
        regex: layer('activities', 'workflows', 'readmodel', 'platform', 'worker', 'scripts', 'contracts', 'test'),
        message: 'web/ talks to the server through the API (web/src/api/client.ts) and bundles only domain/',
      },
    ),
  },
);
