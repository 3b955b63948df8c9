import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DirectiveBody, directiveContent } from '../../domain/catalog/directive-body';
import type { Directive } from '../../domain/catalog';
import { toZonedIso } from '../../domain/time';
import type { DirectiveSummary, DirectiveVersionRecord, StoredUnit, VersionedDirective } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, idempotencyConflict, notFound, parse } from '../errors';
import { directiveView } from './catalog';

const ListQuery = z.strictObject({ status: z.enum(['draft', 'published']).optional() });
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);
const Params = z.object({ directiveId: z.string().min(1).max(128) });

type Content = Omit<Directive, 'id' | 'code'>;

function summaryView(s: DirectiveSummary) {
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    seeded: s.seeded,
    unitId: s.unitId,
    createdAt: toZonedIso(s.createdAt),
    status: s.publishedVersion === undefined ? ('draft' as const) : ('published' as const),
    publishedVersion: s.publishedVersion,
    draftVersion: s.draftVersion,
    latestVersion: s.latestVersion,
  };
}

function versionView(v: DirectiveVersionRecord, publishedVersion: number | undefined) {
  return {
    version: v.version,
    // A draft passed over by a later version that was published (or is newer) is never published.
    status: v.publishedAt !== undefined ? (v.version === publishedVersion ? 'current' : 'superseded') : 'draft',
    createdAt: toZonedIso(v.createdAt),
    createdBy: v.createdBy,
    publishedAt: v.publishedAt === undefined ? undefined : toZonedIso(v.publishedAt),
    publishedBy: v.publishedBy,
    directive: directiveView(v.directive),
  };
}

/**
 * 立项: directives as data. A leader enters a directive (a draft), edits it (each edit a new version, the published
 * one in force until the new one is published) and publishes it; only published directives can be assigned, and
 * work keeps the version it was made from. Every change is audited.
 */
export function directiveRoutes(deps: ApiDeps): Router {
  const { readModel, now = Date.now } = deps;
  const store = readModel.directives;
  const router = Router();
  const access = new Access(readModel);

  /** The unit a directive belongs to: where it was entered; the seeded catalog the org root's. */
  const ownerOf = async (summary: DirectiveSummary): Promise<StoredUnit> => {
    const unit = summary.unitId !== undefined ? await readModel.org.get(summary.unitId) : await readModel.org.root();
    if (!unit) throw new HttpError(409, 'no_owner', `directive ${summary.id} belongs to no unit in the org tree`);
    return unit;
  };

  const existing = async (req: Request) => {
    const { directiveId } = parse(Params, req.params, 'params');
    const summary = await store.summary(directiveId);
    if (!summary) throw notFound('directive', directiveId);
    return summary;
  };

  /** Event types start one directive each: a trigger another directive's current or new version has is refused. */
  const checkTriggers = async (content: Content, id: string | undefined) => {
    for (const [i, trigger] of (content.triggers ?? []).entries()) {
      const taken = await store.eventTrigger(trigger.type);
      let pending = false;
      for (const s of await store.list('draft')) {
        if (s.id === id) continue;
        if ((await store.at(s.id, s.latestVersion))?.triggers?.some((t) => t.type === trigger.type)) {
          pending = true;
          break;
        }
      }
      if ((taken && taken.directive.id !== id) || pending) {
        throw new HttpError(409, 'event_type_taken', `triggers.${i}.type: event type ${trigger.type} starts another directive`, `triggers.${i}.type`);
      }
    }
  };

  const detail = async (id: string) => {
    const summary = (await store.summary(id)) as DirectiveSummary;
    return { ...summaryView(summary), versions: (await store.versions(summary.id)).map((v) => versionView(v, summary.publishedVersion)) };
  };

  /**
   * Directive writes one at a time, each reading what it checks inside: on PostgreSQL two writers interleave, so
   * two creates with one Idempotency-Key could both miss the first's record (the second then hitting the key's
   * unique index), and two directives could each claim one event type unseen by the other. Directives are entered
   * by hand, a few a day: one lock for all of them costs nothing. The answer is built after the commit.
   */
  const exclusively = <T>(fn: () => Promise<T>): Promise<T> => readModel.db.transaction(fn, 'directives:write');

  const actorOf = (res: Response) => {
    const { subject, name, role, unitId } = principalOf(res);
    return { subject, name, role, unitId };
  };

  router.get('/api/directives', allow('read'), async (req, res) => {
    const { status } = parse(ListQuery, req.query, 'query');
    const directives = (await store.list(status)).map(summaryView);
    res.json({ count: directives.length, directives });
  });

  router.get('/api/directives/:directiveId', allow('read'), async (req, res) => {
    res.json(await detail((await existing(req)).id));
  });

  router.post('/api/directives', allow('draftDirective'), async (req, res) => {
    const content = directiveContent(parse(DirectiveBody, req.body, 'body'));
    const home = await access.home(res);
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badField('Idempotency-Key', 'Idempotency-Key: must be 1–128 letters, digits or "_.:-"');
    }
    // A retried create (same key) answers with what the first made; the same key for other content is refused.
    const made = await exclusively<{ replayOf: string } | { created: VersionedDirective; at: number }>(async () => {
      const first = key === undefined ? undefined : await store.byIdempotencyKey(key);
      if (first) {
        if (first.content !== JSON.stringify(content)) throw idempotencyConflict('Idempotency-Key was used before for a different directive');
        return { replayOf: first.id };
      }
      await checkTriggers(content, undefined);
      const at = now();
      return { created: await store.create(content, actorOf(res), at, key), at };
    });
    if ('replayOf' in made) {
      res.status(201).set('Idempotent-Replayed', 'true').location(`/api/directives/${made.replayOf}`).json(await detail(made.replayOf));
      return;
    }
    const { created, at } = made;
    await audit(readModel, res, {
      action: 'directive.create',
      subjectType: 'directive',
      subjectId: created.id,
      unit: home,
      after: directiveView(created),
    }, at);
    res.status(201).location(`/api/directives/${created.id}`).json(await detail(created.id));
  });

  router.put('/api/directives/:directiveId', allow('draftDirective'), async (req, res) => {
    const summary = await existing(req);
    const owner = await access.check(res, 'draftDirective', await ownerOf(summary));
    const content = directiveContent(parse(DirectiveBody, req.body, 'body'));
    const at = now();
    const added = await exclusively(async () => {
      await checkTriggers(content, summary.id);
      return store.addVersion(summary.id, content, actorOf(res), at);
    });
    // The version this one follows, whoever entered it (another edit may have landed since `summary` was read).
    const before = await store.at(summary.id, added.version - 1);
    await audit(readModel, res, {
      action: 'directive.edit',
      subjectType: 'directive',
      subjectId: summary.id,
      unit: owner,
      before: before && directiveView(before),
      after: directiveView(added),
    }, at);
    res.status(201).json(await detail(summary.id));
  });

  router.post('/api/directives/:directiveId/publish', allow('publishDirective'), async (req, res) => {
    const summary = await existing(req);
    const owner = await access.check(res, 'publishDirective', await ownerOf(summary));
    const at = now();
    // The draft is read under the lock: an edit landing meanwhile makes a newer one, and that is what is checked and
    // published.
    const { before, published } = await exclusively(async () => {
      const current = (await store.summary(summary.id)) as DirectiveSummary;
      const draft = current.draftVersion === undefined ? undefined : await store.at(current.id, current.draftVersion);
      if (!draft) {
        throw new HttpError(409, 'nothing_to_publish', `directive ${current.id}: version ${current.latestVersion} is published already; edit it to make a new version`);
      }
      await checkTriggers(draft, current.id);
      return { before: current.publishedVersion, published: await store.publish(current.id, actorOf(res), at) };
    });
    if (!published) throw new HttpError(409, 'nothing_to_publish', `directive ${summary.id}: its latest version is published already`);
    await audit(readModel, res, {
      action: 'directive.publish',
      subjectType: 'directive',
      subjectId: summary.id,
      unit: owner,
      before: { publishedVersion: before ?? null },
      after: { publishedVersion: published.version },
    }, at);
    res.json(await detail(summary.id));
  });

  return router;
}
