import { Router } from 'express';
import { allow } from '../access';
import { z } from 'zod';
import { DIRECTIVE_KINDS, type Directive } from '../../domain/catalog';
import { describeDeadlineRule } from '../../domain/deadline';
import { ORG_LEVELS } from '../../domain/org';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../errors';

export function directiveView(d: Directive) {
  return {
    ...d,
    deadline: { ...d.deadline, description: describeDeadlineRule(d.deadline.rule) },
    ...(d.triggers
      ? { triggers: d.triggers.map((t) => ({ ...t, deadline: { ...t.deadline, description: describeDeadlineRule(t.deadline) } })) }
      : {}),
  };
}

const CatalogQuery = z.strictObject({
  kind: z.enum(DIRECTIVE_KINDS).optional(),
  level: z.enum(ORG_LEVELS).optional(),
});

/** The catalog: every directive's current published version (立项: the seeded 68 and those leaders published). */
export function catalogRoutes({ readModel }: Pick<ApiDeps, 'readModel'>): Router {
  const router = Router();
  router.get('/api/catalog', allow('read'), async (req, res) => {
    const filter = parse(CatalogQuery, req.query, 'query');
    const directives = await readModel.directives.published(filter);
    res.json({ count: directives.length, directives: directives.map(directiveView) });
  });
  router.get('/api/catalog/:directiveId', allow('read'), async (req, res) => {
    // The id or the code people cite (「A1」), so a link from directives.md or a speech's margin works.
    const directive = await readModel.directives.current(String(req.params.directiveId));
    if (!directive) throw notFound('directive', String(req.params.directiveId));
    res.json(directiveView(directive));
  });
  return router;
}
