import type { RequestHandler, Response } from 'express';
import { ACTION_PHRASES, concerns, judge, oversees, oversightRefusal, reachOf, ROLE_LABELS, roleRefusal, type Action, type Principal, type Role } from '../domain/access';
import { TokenError, verifyToken, type TokenSettings } from '../platform/tokens';
import type { ReadModel, StoredUnit } from '../readmodel';
import { HttpError, notFound } from './errors';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i; // the scheme is case-insensitive (RFC 9110)

/** Why a request names no one: the 401 to answer and the challenge to send with it. */
interface SignInRefusal {
  challenge: string;
  error: HttpError;
}

/** The session cookie a browser signs in with (api/routes/session.ts): its value is the signed token itself. */
export const SESSION_COOKIE = 'duban_session';

/** The value of one cookie of the request, if sent. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** How the request named its person: `Authorization: Bearer` or the browser's session cookie. */
export type AuthenticatedBy = 'bearer' | 'cookie';

/**
 * Reads the bearer token or, when there is no Authorization header, the session cookie (the bearer wins), and keeps
 * the person it names (or why it names no one) for what follows: the write limit counts a signed-in person's writes
 * by person and anyone else's by address, then `requireSignIn` refuses the latter. Verifying first is what lets
 * thirteen staff behind one county NAT address each have their own limit. Both are verified alike: an expired
 * cookie is the same 401 as an expired token.
 */
export function identify(settings: TokenSettings): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const cookie = header === undefined ? cookieOf(req.get('cookie'), SESSION_COOKIE) : undefined;
    const by: AuthenticatedBy = cookie !== undefined ? 'cookie' : 'bearer';
    const token = cookie ?? (header === undefined ? undefined : BEARER.exec(header.trim())?.[1]);
    if (token === undefined) {
      const message = header === undefined ? 'sign in: send Authorization: Bearer <token>' : 'the Authorization header is not a bearer token';
      res.locals.signInRefusal = { challenge: 'Bearer', error: new HttpError(401, 'unauthenticated', message) } satisfies SignInRefusal;
      return next();
    }
    try {
      res.locals.principal = await verifyToken(settings, token);
      res.locals.token = token;
      res.locals.authenticatedBy = by;
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      const message = by === 'cookie' ? `the session is not valid: ${err.message}; sign in again` : err.message;
      res.locals.signInRefusal = { challenge: 'Bearer error="invalid_token"', error: new HttpError(401, 'unauthenticated', message) } satisfies SignInRefusal;
    }
    next();
  };
}

/** The token that named the request's person, and how it came: for `GET /api/session` and the CSRF check. */
export function credentialOf(res: Response): { token: string; by: AuthenticatedBy } | undefined {
  const token = res.locals.token as string | undefined;
  return token === undefined ? undefined : { token, by: res.locals.authenticatedBy as AuthenticatedBy };
}

/** The header every write made with the session cookie carries; a cross-site form or link cannot send it. */
export const CSRF_HEADER = 'X-Duban-CSRF';

/**
 * CSRF defence for the cookie: a write (POST, PUT, PATCH, DELETE) authenticated by the session cookie must carry
 * `X-Duban-CSRF: 1`. A cross-site page can make a browser send the cookie (SameSite=Strict aside) but not a custom
 * header without a CORS preflight, which this API never grants. Bearer requests are not concerned: a browser never
 * attaches a bearer token by itself. `POST /api/session` is the exception: there is no session yet, and it takes
 * only a JSON body, which a cross-site form cannot send without a preflight either.
 */
export const csrfCheck: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (credentialOf(res)?.by !== 'cookie') return next();
  if (req.method === 'POST' && req.path === '/api/session') return next();
  if (req.get(CSRF_HEADER) === '1') return next();
  throw new HttpError(403, 'csrf', `a write made with the session cookie must carry the header ${CSRF_HEADER}: 1 (the web app sends it); a cross-site request is refused`);
};

/** Every API request but the health check and sign-in carries a valid bearer token or session cookie (read by `identify`). */
export const requireSignIn: RequestHandler = (_req, res, next) => {
  const refusal = res.locals.signInRefusal as SignInRefusal | undefined;
  if (refusal) {
    res.setHeader('WWW-Authenticate', refusal.challenge);
    throw refusal.error;
  }
  next();
};

/** The person a verified token names, if the request carried one. */
export function signedIn(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

export function principalOf(res: Response): Principal {
  const principal = signedIn(res);
  if (!principal) throw new Error('route reached without authentication');
  return principal;
}

/** Route-level check of the role alone, before anything is read: `router.post(path, allow('urge'), handler)`. */
export function allow(action: Action): RequestHandler {
  return (_req, res, next) => {
    const { role } = principalOf(res);
    if (reachOf(role, action) === undefined) throw roleRefused(role, action);
    next();
  };
}

const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
const roleRefused = (role: Role, action: Action) => forbidden(roleRefusal(role, action));

/** Where people sit in the org tree, and whether what they ask for is within their reach. */
export class Access {
  constructor(private readonly readModel: ReadModel) {}

  /** The unit the person holds their role at; a token for a unit no longer in the tree grants nothing. */
  async home(res: Response): Promise<StoredUnit> {
    const principal = principalOf(res);
    const unit = await this.readModel.org.get(principal.unitId);
    if (!unit) throw forbidden(`unit ${principal.unitId} of this token is not in the org tree`);
    return unit;
  }

  /**
   * The unit `unitId` if the person may take `action` on what belongs to it. Out of reach is 403, or 404 when
   * `privateExistence` (a petition case outside one's area should not even be known to exist).
   */
  async check(res: Response, action: Action, unit: StoredUnit, privateExistence?: { what: string; id: string }): Promise<StoredUnit> {
    const principal = principalOf(res);
    const verdict = judge(principal, await this.home(res), action, unit);
    if (verdict === 'allowed') return unit;
    if (privateExistence) throw notFound(privateExistence.what, privateExistence.id);
    if (verdict === 'role') throw roleRefused(principal.role, action);
    const reach = reachOf(principal.role, action) === 'own' ? 'their own unit' : 'their own part of the org tree';
    throw new HttpError(403, 'out_of_scope', `${unit.name} (${unit.id}) is outside ${principal.name}'s reach: ${ROLE_LABELS[principal.role]} may ${ACTION_PHRASES[action]} in ${reach} only`);
  }

  /**
   * Separation of duties (domain/access.ts `oversees`): the person's unit must be the issuing level or above it, and
   * above the unit that holds the work. 403 `separation_of_duties` otherwise.
   */
  async oversee(res: Response, issuer: StoredUnit, holder: StoredUnit, what: string): Promise<void> {
    const home = await this.home(res);
    if (!oversees(home, issuer, holder)) throw new HttpError(403, 'separation_of_duties', oversightRefusal(home, issuer, holder, what));
  }

  /** `check` for a unit named in a request: an unknown id is a 404 (or 400 for a body field). */
  async unit(res: Response, action: Action, unitId: string, field?: string): Promise<StoredUnit> {
    const unit = await this.readModel.org.get(unitId);
    if (!unit) {
      if (field) throw new HttpError(400, 'invalid_request', `${field}: no unit ${unitId}`, field);
      throw notFound('unit', unitId);
    }
    return this.check(res, action, unit);
  }

  /** For things spread over a subtree (an assignment, a campaign): readable from above it and from inside it. */
  async concerned(res: Response, scopeUnitId: string, what: string, id: string): Promise<StoredUnit> {
    const scope = await this.readModel.org.get(scopeUnitId);
    if (!scope || !concerns(await this.home(res), scope)) throw new HttpError(403, 'out_of_scope', `${what} ${id} is outside ${principalOf(res).name}'s reach`);
    return scope;
  }
}
