import { randomUUID } from 'node:crypto';
import express from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, unknownRoute } from './errors';
import { assignmentRoutes } from './routes/assignments';
import { calendarRoutes } from './routes/calendar';
import { catalogRoutes } from './routes/catalog';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { orgRoutes } from './routes/org';
import { notificationRoutes } from './routes/notifications';
import { overdueRoutes } from './routes/overdue';
import { petitionRoutes } from './routes/petitions';
import { recurringRoutes } from './routes/recurring';
import { standardsRoutes } from './routes/standards';
import { taskActionRoutes } from './routes/task-actions';
import { taskRoutes } from './routes/tasks';
import { unitRoutes } from './routes/units';

/** Request bodies are small JSON documents; anything larger is refused with 413 before it is read whole. */
export const BODY_LIMIT = '64kb';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    res.setHeader('x-request-id', given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID());
    next();
  });
  app.use(petitionRoutes(deps)); // before the JSON parser: its ledger import reads bodies up to 2 MB
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(healthRoutes(deps));
  app.use(catalogRoutes());
  app.use(calendarRoutes(deps));
  app.use(orgRoutes(deps));
  app.use(assignmentRoutes(deps));
  app.use(recurringRoutes(deps));
  app.use(taskRoutes(deps));
  app.use(taskActionRoutes(deps));
  app.use(overdueRoutes(deps));
  app.use(unitRoutes(deps));
  app.use(eventRoutes(deps));
  app.use(standardsRoutes(deps));
  app.use(notificationRoutes(deps));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
