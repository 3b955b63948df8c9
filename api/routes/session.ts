import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Principal } from '../../domain/access';
import { toZonedIso } from '../../domain/time';
import { TokenError, tokenExpiresAt, verifyToken } from '../../platform/tokens';
import { demoPeople, demoToken, startupMode } from '../../scripts/startup';
import { credentialOf, principalOf, requireSignIn, SESSION_COOKIE } from '../access';
import { jsonBody } from '../body';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';

/** Who signs in as a demo person: recorded as the issuer of the token, as `npm start (demo)` is for the console's. */
export const DEMO_SIGN_IN = 'demo sign-in';

const SignIn = z.union([
  z.strictObject({ token: z.string().min(1).max(4096) }),
  z.strictObject({ demoPerson: z.string().min(1).max(200) }),
]);

/**
 * The cookie is marked Secure when the request came over https, directly or through a proxy saying so
 * (X-Forwarded-Proto). On plain http (the quick start's http://localhost:3000) a Secure cookie would never be sent
 * back, so it is left off there; the header is not trusted for anything else, and a client lying about it only
 * keeps its own cookie off plain http.
 */
function overHttps(req: Request): boolean {
  return req.secure || req.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * Sign-in a browser can keep safely: a token (from an admin, `npm run token`, or later an OIDC provider) — or, in the
 * demo, one of the demo people — is exchanged for an httpOnly, SameSite=Strict cookie holding the signed token, which
 * page script never sees. The API reads it as it reads a bearer token (api/access.ts identify); writes made with it
 * carry X-Duban-CSRF (api/access.ts csrfCheck).
 */
export function sessionRoutes({ readModel, tokens, demoSwitch, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const isDemo = async () => (await startupMode(readModel, demoSwitch)).demo;

  const sessionView = async (principal: Principal, expiresAt: number) => {
    const unit = await readModel.org.get(principal.unitId);
    return {
      person: { subject: principal.subject, name: principal.name, role: principal.role, unitId: principal.unitId, unitName: unit?.name ?? null },
      expiresAt: toZonedIso(expiresAt),
    };
  };

  const setCookie = (req: Request, res: Response, token: string, expiresAt: number) => {
    const maxAge = expiresAt - now();
    if (maxAge <= 0) throw new HttpError(401, 'unauthenticated', 'the token has expired', 'token');
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge, secure: overHttps(req) });
  };

  router.get('/api/session/demo-people', async (_req, res) => {
    if (!(await isDemo())) throw notFound('demo', 'sign-in (this installation is not the demo)');
    res.json({
      people: (await demoPeople(readModel)).map((p) => ({ id: p.id, name: p.name, role: p.role, unitId: p.unit.id, unitName: p.unit.name })),
    });
  });

  router.post('/api/session', jsonBody(), async (req, res) => {
    const body = parse(SignIn, req.body, 'body');
    if ('token' in body) {
      let principal: Principal;
      try {
        principal = await verifyToken(tokens, body.token);
      } catch (err) {
        if (err instanceof TokenError) throw new HttpError(401, 'unauthenticated', err.message, 'token');
        throw err;
      }
      const expiresAt = tokenExpiresAt(body.token);
      setCookie(req, res, body.token, expiresAt);
      res.json(await sessionView(principal, expiresAt));
      return;
    }
    if (!(await isDemo())) throw new HttpError(403, 'forbidden', 'demo sign-in is offered only by the demo installation; sign in with a token', 'demoPerson');
    const person = (await demoPeople(readModel)).find((p) => p.id === body.demoPerson);
    if (!person) throw new HttpError(400, 'invalid_request', `demoPerson: no demo person ${body.demoPerson}`, 'demoPerson');
    const token = await demoToken(tokens, person, DEMO_SIGN_IN);
    const expiresAt = tokenExpiresAt(token);
    const principal: Principal = { subject: person.id, name: person.name, role: person.role, unitId: person.unit.id, issuedBy: DEMO_SIGN_IN };
    const at = now();
    // Audited as an issuance, like an admin's POST /api/tokens (the token itself is not kept).
    await readModel.audit.append({
      at,
      requestId: String(res.getHeader('x-request-id')),
      actor: principal,
      action: 'token.issue',
      subjectType: 'token',
      subjectId: person.id,
      unitId: person.unit.id,
      unitPath: person.unit.path,
      before: undefined,
      after: { role: person.role, unitId: person.unit.id, name: person.name, expiresAt: toZonedIso(expiresAt), issuedBy: DEMO_SIGN_IN },
    });
    setCookie(req, res, token, expiresAt);
    res.json(await sessionView(principal, expiresAt));
  });

  router.get('/api/session', requireSignIn, async (_req, res) => {
    const credential = credentialOf(res) as { token: string };
    res.json(await sessionView(principalOf(res), tokenExpiresAt(credential.token)));
  });

  /** Signs out: the cookie is cleared (the token itself stays valid until it expires, as a bearer token does). */
  router.delete('/api/session', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: overHttps(req) });
    res.status(204).end();
  });

  return router;
}
