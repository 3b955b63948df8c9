import express from 'express';
import type { Logger } from 'pino';
import { logger as processLogger } from '../platform/logger';
import { csrfCheck, identify, requireSignIn } from './access';
import type { ApiDeps } from './deps';
import { jsonBody } from './body';
import { errorHandler, unknownRoute } from './errors';
import { methodNotAllowed, methodsOf } from './route-methods';
import { requestId, requestLog, securityHeaders, writeRateLimit } from './hardening';
import { adminRoutes } from './routes/admin';
import { assignmentRoutes } from './routes/assignments';
import { bulletinRoutes } from './routes/bulletins';
import { calendarRoutes } from './routes/calendar';
import { catalogRoutes } from './routes/catalog';
import { directiveRoutes } from './routes/directives';
import { eventRoutes } from './routes/events';
import { evidenceRoutes } from './routes/evidence';
import { healthRoutes } from './routes/health';
import { orgRoutes } from './routes/org';
import { notificationRoutes } from './routes/notifications';
import { overdueRoutes } from './routes/overdue';
import { petitionRoutes } from './routes/petitions';
import { recurringRoutes } from './routes/recurring';
import { standardsRoutes } from './routes/standards';
import { taskAcknowledgementRoutes } from './routes/task-acknowledgement';
import { taskActionRoutes } from './routes/task-actions';
import { taskRoutes } from './routes/tasks';
import { taskSplitRoutes } from './routes/task-split';
import { unitRoutes } from './routes/units';
import { sessionRoutes } from './routes/session';
import { speechRoutes } from './routes/speeches';
import { webApp } from './web';


/** Writes a minute per signed-in person, and per client address for requests without a valid token, unless configured. */
export const DEFAULT_WRITE_RATE_LIMIT = 120;

export function createApp(deps: ApiDeps & { logger?: Logger }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(securityHeaders);
  app.use(requestLog(deps.logger ?? processLogger));
  app.use(healthRoutes(deps)); // the only API route answered without a token, with sign-in's below
  // The web app (web/dist) outside /api: the page is public, the data behind it is not.
  app.use(webApp(deps.webDist));
  // The token (bearer or session cookie) is read before the write limit, which counts by person; the refusal of a
  // missing one comes after it. A write made with the cookie needs the CSRF header, checked before anything else.
  app.use(identify(deps.tokens));
  app.use(csrfCheck);
  app.use(
    writeRateLimit({
      perPerson: deps.writeRateLimit ?? DEFAULT_WRITE_RATE_LIMIT,
      perAddress: deps.anonymousWriteRateLimit ?? DEFAULT_WRITE_RATE_LIMIT,
    }),
  );
  // Sign-in itself (and the demo's people, and sign-out) are reached without a session.
  app.use(sessionRoutes(deps));
  app.use(requireSignIn);
  // Routes that read large or non-JSON bodies come before the JSON parser, each with its own limit.
  app.use(petitionRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(evidenceRoutes(deps));
  app.use(speechRoutes(deps));
  // Only requests a route exists for are refused for their media type: elsewhere 404 and 405 come first.
  app.use(jsonBody((req) => methodsOf(app, req.path).includes(req.method)));
  app.use(catalogRoutes(deps));
  app.use(directiveRoutes(deps));
  app.use(calendarRoutes(deps));
  app.use(orgRoutes(deps));
  app.use(assignmentRoutes(deps));
  app.use(recurringRoutes(deps));
  app.use(taskRoutes(deps));
  app.use(taskActionRoutes(deps));
  app.use(taskAcknowledgementRoutes(deps));
  app.use(taskSplitRoutes(deps));
  app.use(overdueRoutes(deps));
  app.use(unitRoutes(deps));
  app.use(eventRoutes(deps));
  app.use(standardsRoutes(deps));
  app.use(notificationRoutes(deps));
  app.use(bulletinRoutes(deps));
  app.use(methodNotAllowed(app));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
