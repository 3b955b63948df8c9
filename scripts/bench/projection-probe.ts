import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, toPayloads } from '@temporalio/common';
import { taskId } from '../../domain/ids';
import { generateProvinceDemo } from '../../domain/province-demo';
import { policyFor } from '../../domain/task-policy';
import { dataConverterFor, loadPayloadKeys } from '../../platform/payload-keys';
import { startPostgres } from '../../platform/postgres-server';
import { ReadModel } from '../../readmodel';
// The probe needs the exact first state a task workflow projects, which only the workflow's state class makes.
// eslint-disable-next-line no-restricted-imports
import { UnitTask } from '../../workflows/unit-task-state';
import { freePort } from '../temporal/processes';
import { say, seconds } from './stats';

/**
 * `npx tsx scripts/bench/projection-probe.ts [N]`: where a task's first projection goes, without Temporal. On its own
 * PostgreSQL: records an assignment of N village tasks as the fan-out does (registerAssignment), then writes each
 * task's first snapshot (the state its workflow projects on its first run) with readModel.projectTask one at a time
 * and 10 at a time, and the same snapshots as one multi-row upsert per 500 — what batching would cost — and the size
 * and encoding time of a task workflow's start input with and without payload encryption. Read-only for the product:
 * it calls the stores as they are.
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const dir = mkdtempSync(join(tmpdir(), 'duban-probe-'));
  const postgres = await startPostgres({ dir: join(dir, 'postgres'), port: await freePort() });
  try {
    const readModel = await ReadModel.open(postgres.url());
    const units = generateProvinceDemo({ villages: n });
    await readModel.org.insertUnits(units);
    const root = await readModel.org.root();
    const directive = await readModel.directives.current('pce-13-display-items');
    if (!root || !directive) throw new Error('no root or directive');
    const villages = await readModel.org.unitsAtLevel(root.id, 'village');
    const steps = directive.steps.map((s) => ({ id: s.id, title: s.title.zh }));
    const createdAt = Date.now();
    const dueAt = createdAt + 30 * 86_400_000;
    const policy = policyFor(directive, createdAt, dueAt);

    const register = async (assignmentId: string) => {
      const t0 = performance.now();
      await readModel.tasks.registerAssignment(
        { id: assignmentId, directiveId: directive.id, scopeUnitId: root.id, targetLevel: 'village', createdAt, dueAt, taskCount: villages.length },
        villages.map((u) => ({ taskId: taskId(assignmentId, u.id), unitId: u.id, unitPath: u.path })),
        steps,
      );
      return performance.now() - t0;
    };
    const snapshotsOf = (assignmentId: string) =>
      villages.map((u) =>
        new UnitTask({ taskId: taskId(assignmentId, u.id), assignmentId, directiveId: directive.id, unitId: u.id, createdAt, dueAt, steps, policy, acknowledgeBy: createdAt + 86_400_000 }).snapshot(),
      );

    const a1 = 'probe-a1';
    say(`registerAssignment of ${villages.length} tasks: ${(await register(a1)).toFixed(0)} ms`);
    const first = snapshotsOf(a1);
    let t0 = performance.now();
    for (const s of first) await readModel.projectTask(s);
    const sequential = performance.now() - t0;
    say(`projectTask, one at a time: ${seconds(sequential)} s, ${(sequential / first.length).toFixed(2)} ms each, ${(first.length / (sequential / 1000)).toFixed(0)}/s`);
    t0 = performance.now();
    for (const s of first) await readModel.projectTask(s);
    const repeat = performance.now() - t0;
    say(`projectTask of a state already there (no change): ${(repeat / first.length).toFixed(2)} ms each`);

    const a2 = 'probe-a2';
    await register(a2);
    const second = snapshotsOf(a2);
    t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < second.length) await readModel.projectTask(second[next++] as (typeof second)[number]);
      }),
    );
    const parallel = performance.now() - t0;
    say(`projectTask, 10 at a time (the pool's size): ${seconds(parallel)} s, ${(second.length / (parallel / 1000)).toFixed(0)}/s`);

    // Batched: the first states of 500 tasks in one statement (the columns a first state sets), newer version wins.
    const a3 = 'probe-a3';
    await register(a3);
    const third = snapshotsOf(a3);
    const batch = readModel.db.prepare(
      `UPDATE tasks t SET version = r.version, detail_json = r.detail_json, steps_json = r.steps_json
       FROM unnest(@ids::text[], @versions::int[], @details::text[], @steps::text[]) AS r(id, version, detail_json, steps_json)
       WHERE t.id = r.id AND r.version > t.version`,
    );
    t0 = performance.now();
    for (let i = 0; i < third.length; i += 500) {
      const slice = third.slice(i, i + 500);
      await batch.run({
        ids: slice.map((s) => s.taskId),
        versions: slice.map((s) => s.version),
        details: slice.map((s) => JSON.stringify({ history: s.history })),
        steps: slice.map((s) => JSON.stringify(s.steps)),
      });
    }
    const batched = performance.now() - t0;
    say(`first states as one UPDATE … FROM unnest per 500: ${(batched / third.length).toFixed(3)} ms each, ${(third.length / (batched / 1000)).toFixed(0)}/s`);

    // The start input each task workflow carries, as JSON and through the payload codec.
    const input = { taskId: taskId(a1, villages[0]?.id as string), assignmentId: a1, directiveId: directive.id, unitId: villages[0]?.id, createdAt, dueAt, steps, policy, acknowledgeBy: createdAt };
    const { policy: _policy, ...withoutPolicy } = input;
    say(`a task's start input: ${JSON.stringify(input).length} bytes of JSON (${JSON.stringify(withoutPolicy).length} without the follow-up policy)`);
    const codec = dataConverterFor(loadPayloadKeys(process.env, dir)).payloadCodecs?.[0];
    const payloads = villages.map(() => toPayloads(defaultPayloadConverter, input)?.[0]).filter((p) => p !== undefined);
    t0 = performance.now();
    if (codec) await Promise.all(payloads.map((p) => codec.encode([p])));
    say(`encrypting ${payloads.length} start inputs: ${(performance.now() - t0).toFixed(0)} ms (${((performance.now() - t0) / payloads.length).toFixed(3)} ms each)`);
    await readModel.close();
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`probe failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
