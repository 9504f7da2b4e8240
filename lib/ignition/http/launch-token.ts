// Launch tokens: how a Perspective session signs its user into the console
// inside the Inline Frame. A gateway script mints a JWT that lives at most 60 s
// (signed HS256 with the gateway's launch secret, or RS256/ES256 with a key
// whose public half is registered here); Interlock verifies it, uses its jti
// once, and starts a session. Pure apart from jose: the caller supplies the
// gateway's keys and the clock, and records the jti (sign-in-with-launch-token.ts).
import { decodeJwt, decodeProtectedHeader, errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { z } from 'zod';

/** The allow-list: `none` and every other algorithm are refused before any key is looked at. */
export const LAUNCH_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type LaunchAlgorithm = (typeof LAUNCH_ALGORITHMS)[number];

/** Longest lifetime (exp − iat) a token may declare, and how old it may be. */
export const LAUNCH_TOKEN_MAX_AGE_S = 60;
/** Gateway and server clocks differ a little; more than this is a clock to fix. */
const CLOCK_TOLERANCE_S = 5;

export interface LaunchKeys {
  /** The algorithms this gateway may use (a subset of LAUNCH_ALGORITHMS). */
  algorithms: LaunchAlgorithm[];
  /** HS256 key. */
  secret: string | null;
  /** RS256/ES256 public key, SPKI PEM. */
  publicKeyPem: string | null;
}

const code = z.string().trim().min(1).max(40);
export const launchClaimsSchema = z.object({
  iss: z.string().min(1).max(60),
  sub: z.string().trim().min(1, 'sub (the Perspective user name) is required').max(120),
  email: z.email('email must be an email address').max(254),
  name: z.string().trim().min(1).max(120).optional(),
  roles: z.array(z.string().trim().min(1).max(100)).max(100, 'at most 100 roles'),
  jti: z.string().min(8, 'jti must be at least 8 characters').max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  site: code.optional(),
  line: code.optional(),
  order: code.optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

export type LaunchFailure =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'wrong_issuer'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'lifetime'
  | 'wrong_audience'
  | 'claims'
  | 'replayed'
  | 'no_role'
  | 'role_mismatch'
  | 'out_of_scope'
  | 'inactive'
  | 'unverified_email';

export type LaunchVerification = { ok: true; claims: LaunchClaims } | { ok: false; reason: LaunchFailure };

function isLaunchAlgorithm(alg: unknown): alg is LaunchAlgorithm {
  return typeof alg === 'string' && (LAUNCH_ALGORITHMS as readonly string[]).includes(alg);
}

async function keyFor(alg: LaunchAlgorithm, keys: LaunchKeys): Promise<CryptoKey | Uint8Array | null> {
  // The key's type follows the algorithm the gateway is configured for, never
  // the other way round: an RSA public key is never used as an HMAC secret.
  if (alg === 'HS256') return keys.secret ? new TextEncoder().encode(keys.secret) : null;
  return keys.publicKeyPem ? importSPKI(keys.publicKeyPem, alg) : null;
}

function failureOf(e: unknown): LaunchFailure {
  if (e instanceof errors.JWTExpired) return e.claim === 'iat' ? 'lifetime' : 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'wrong_audience';
    if (e.claim === 'iss') return 'wrong_issuer';
    if (e.claim === 'nbf' || e.claim === 'iat') return 'not_yet_valid';
    return 'claims';
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  return 'malformed';
}

/**
 * Verifies signature, algorithm, issuer, audience, lifetime and claims. The
 * issuer is read before verification only to find which gateway's key to use;
 * the verification then requires that same issuer.
 */
export async function verifyLaunchToken(
  token: string | null | undefined,
  options: { audience: string; keysFor: (gatewayId: string) => Promise<LaunchKeys | null>; nowMs?: number },
): Promise<LaunchVerification> {
  if (!token) return { ok: false, reason: 'missing' };
  if (token.length > 8192) return { ok: false, reason: 'malformed' };
  let alg: unknown;
  let unverified: JWTPayload;
  try {
    alg = decodeProtectedHeader(token).alg;
    unverified = decodeJwt(token);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isLaunchAlgorithm(alg)) return { ok: false, reason: 'algorithm' };
  if (typeof unverified.iss !== 'string' || !unverified.iss) return { ok: false, reason: 'wrong_issuer' };
  const keys = await options.keysFor(unverified.iss);
  if (!keys) return { ok: false, reason: 'wrong_issuer' };
  if (!keys.algorithms.includes(alg)) return { ok: false, reason: 'algorithm' };
  let key: CryptoKey | Uint8Array | null;
  try {
    key = await keyFor(alg, keys);
  } catch {
    // A registered public key that does not import for this algorithm (e.g. an RSA key for ES256).
    return { ok: false, reason: 'algorithm' };
  }
  if (!key) return { ok: false, reason: 'algorithm' };

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [alg],
      issuer: unverified.iss,
      audience: options.audience,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      maxTokenAge: LAUNCH_TOKEN_MAX_AGE_S,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(options.nowMs ?? Date.now()),
    }));
  } catch (e) {
    return { ok: false, reason: failureOf(e) };
  }
  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) return { ok: false, reason: 'claims' };
  // maxTokenAge bounds the token's age; this bounds what it claims for itself.
  if (claims.data.exp - claims.data.iat > LAUNCH_TOKEN_MAX_AGE_S) return { ok: false, reason: 'lifetime' };
  return { ok: true, claims: claims.data };
}

/** What the refusal page says, per reason. Plain words for a supervisor at a Perspective screen. */
export const LAUNCH_FAILURE_MESSAGE: Record<LaunchFailure, string> = {
  missing: 'The link from Ignition carried no sign-in token.',
  malformed: 'The sign-in token from Ignition is not readable.',
  algorithm: 'The sign-in token is signed with an algorithm this gateway is not allowed to use.',
  wrong_issuer: 'The sign-in token comes from a gateway Interlock does not know.',
  bad_signature: "The sign-in token's signature does not match the gateway's key.",
  expired: 'The sign-in token has expired. Open the screen in Ignition again.',
  not_yet_valid: "The sign-in token is dated in the future: the gateway's clock is ahead of Interlock's.",
  lifetime: `The sign-in token lives longer than ${LAUNCH_TOKEN_MAX_AGE_S} s, or was made too long ago.`,
  wrong_audience: 'The sign-in token was made for another application.',
  claims: 'The sign-in token lacks a required detail (user, email, roles or id).',
  replayed: 'This sign-in token has already been used. Open the screen in Ignition again.',
  no_role: 'None of your Ignition roles gives access to Interlock.',
  role_mismatch: "Your Ignition roles do not include your role in Interlock; ask an admin to align them.",
  out_of_scope: 'Your Interlock account does not cover the sites of this gateway.',
  inactive: 'Your Interlock account is deactivated.',
  unverified_email: 'The identity provider has not verified your email address.',
};
