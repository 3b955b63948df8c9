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

/**
 * Reads the bearer token, if any, and keeps the person it names (or why it names no one) for what follows: the write
 * limit counts a signed-in person's writes by person and anyone else's by address, then `requireSignIn` refuses the
 * latter. Verifying first is what lets thirteen staff behind one county NAT address each have their own limit.
 */
export function identify(settings: TokenSettings): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const match = header === undefined ? null : BEARER.exec(header.trim());
    if (!match) {
      const message = header === undefined ? 'sign in: send Authorization: Bearer <token>' : 'the Authorization header is not a bearer token';
      res.locals.signInRefusal = { challenge: 'Bearer', error: new HttpError(401, 'unauthenticated', message) } satisfies SignInRefusal;
      return next();
    }
    try {
      res.locals.principal = await verifyToken(settings, match[1] as string);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      res.locals.signInRefusal = { challenge: 'Bearer error="invalid_token"', error: new HttpError(401, 'unauthenticated', err.message) } satisfies SignInRefusal;
    }
    next();
  };
}

/** Every request but the health check carries a valid bearer token (read by `identify`). */
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
  home(res: Response): StoredUnit {
    const principal = principalOf(res);
    const unit = this.readModel.org.get(principal.unitId);
    if (!unit) throw forbidden(`unit ${principal.unitId} of this token is not in the org tree`);
    return unit;
  }

  /**
   * The unit `unitId` if the person may take `action` on what belongs to it. Out of reach is 403, or 404 when
   * `privateExistence` (a petition case outside one's area should not even be known to exist).
   */
  check(res: Response, action: Action, unit: StoredUnit, privateExistence?: { what: string; id: string }): StoredUnit {
    const principal = principalOf(res);
    const verdict = judge(principal, this.home(res), action, unit);
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
  oversee(res: Response, issuer: StoredUnit, holder: StoredUnit, what: string): void {
    const home = this.home(res);
    if (!oversees(home, issuer, holder)) throw new HttpError(403, 'separation_of_duties', oversightRefusal(home, issuer, holder, what));
  }

  /** `check` for a unit named in a request: an unknown id is a 404 (or 400 for a body field). */
  unit(res: Response, action: Action, unitId: string, field?: string): StoredUnit {
    const unit = this.readModel.org.get(unitId);
    if (!unit) {
      if (field) throw new HttpError(400, 'invalid_request', `${field}: no unit ${unitId}`, field);
      throw notFound('unit', unitId);
    }
    return this.check(res, action, unit);
  }

  /** For things spread over a subtree (an assignment, a campaign): readable from above it and from inside it. */
  concerned(res: Response, scopeUnitId: string, what: string, id: string): StoredUnit {
    const scope = this.readModel.org.get(scopeUnitId);
    if (!scope || !concerns(this.home(res), scope)) throw new HttpError(403, 'out_of_scope', `${what} ${id} is outside ${principalOf(res).name}'s reach`);
    return scope;
  }
}
