import type { Express, RequestHandler } from 'express';
import { HttpError } from './errors';

/** What Express's router keeps of each `use` or route (router 2.x): enough to ask which methods a path has. */
interface Layer {
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  match(path: string): false | { path: string };
}

function collect(stack: readonly Layer[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    // `match` computes without keeping request state on the layer (router 2.x), so asking it here is safe.
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') into.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      collect(layer.handle.stack, path.slice(matched.path.length) || '/', into);
    }
  }
}

/** The methods the app has routes for at `path` (HEAD wherever GET is), in a stable order; none for an unknown path. */
export function methodsOf(app: Express, path: string): string[] {
  const found = new Set<string>();
  collect((app as unknown as { router: { stack: Layer[] } }).router.stack, path, found);
  if (found.has('GET')) found.add('HEAD');
  return [...found].sort();
}

/**
 * A request no route took: 405 with `Allow` when the path has routes for other methods (RFC 9110 §15.5.6), 404
 * otherwise. One mechanism for every route, placed after them all.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = methodsOf(app, req.path);
    if (allowed.length === 0 || allowed.includes(req.method)) return next();
    res.set('Allow', allowed.join(', '));
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; it takes ${allowed.join(', ')}`));
  };
}
