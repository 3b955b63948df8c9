import { randomUUID } from 'node:crypto';
import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Principal } from '../domain/access';

/**
 * Bearer tokens are JWTs with the registered claims (iss, aud, sub, iat, exp, jti) and three of the product's own:
 * `name` (as in OpenID Connect), `role` and `unit`, and optionally `issued_by`: who issued it (an admin's subject
 * for `POST /api/tokens`, the operator for `npm run token`), recorded with every audit entry made with it. Anything that issues such tokens — this module for the demo and
 * `npm run token`, or an OIDC provider configured with the same key and claims — is accepted.
 */
export interface TokenSettings {
  /** HS256 key, at least 32 bytes. */
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

const ALGORITHM = 'HS256';
/** Tokens from `npm run token` and the demo last a working day unless asked otherwise. */
export const DEFAULT_TOKEN_TTL = '12h';
/** A clock a little off between issuer and API is not an expired token. */
const CLOCK_TOLERANCE_S = 30;

const Claims = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  unit: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  issued_by: z.string().min(1).max(200).optional(),
});

export class TokenError extends Error {}

export async function issueToken(settings: TokenSettings, principal: Principal, ttl: string | number = DEFAULT_TOKEN_TTL): Promise<string> {
  const issuedBy = principal.issuedBy !== undefined ? { issued_by: principal.issuedBy } : {};
  return new SignJWT({ name: principal.name, role: principal.role, unit: principal.unitId, ...issuedBy })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(principal.subject)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .setJti(randomUUID())
    .sign(settings.secret);
}

/** The person a token names; a TokenError with a reason fit to show the client when it is not valid. */
export async function verifyToken(settings: TokenSettings, token: string): Promise<Principal> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, settings.secret, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new TokenError('the token has expired');
    if (err instanceof errors.JOSEError) throw new TokenError('the token is not valid');
    throw err;
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw new TokenError(`the token lacks a valid ${claims.error.issues[0]?.path.join('.') ?? 'claim'} claim`);
  const { sub, name, role, unit, issued_by } = claims.data;
  return { subject: sub, name, role, unitId: unit, ...(issued_by !== undefined ? { issuedBy: issued_by } : {}) };
}

/** When a token verified by `verifyToken` expires, in epoch milliseconds (its `exp` claim, required there). */
export function tokenExpiresAt(token: string): number {
  const { exp } = decodeJwt(token);
  if (typeof exp !== 'number') throw new TokenError('the token has no expiry');
  return exp * 1000;
}
