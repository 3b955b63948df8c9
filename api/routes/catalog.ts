import { Router } from 'express';
import { CATALOG, type Directive } from '../../domain/catalog';
import { describeDeadlineRule } from '../../domain/deadline';

export function directiveView(d: Directive) {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    source: d.source,
    targetLevel: d.targetLevel,
    steps: d.steps,
    evidence: d.evidence,
    deadline: { ...d.deadline, description: describeDeadlineRule(d.deadline.rule) },
  };
}

export function catalogRoutes(): Router {
  const router = Router();
  router.get('/api/catalog', (_req, res) => {
    res.json({ directives: CATALOG.map(directiveView) });
  });
  return router;
}
