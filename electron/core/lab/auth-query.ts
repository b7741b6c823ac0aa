// The "test query" of the Lab section: runs an auth source's lookup for one demo identity, with
// the placeholders filled as the lab fills them at that identity's CONNECT, and says what came
// back and whether the identity's profile password passes against it. The stored value is only
// returned when the user asks to reveal it.
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LabQueryResult } from '../../../shared/lab/lab-api';
import type { LabAuthSettings } from '../../../shared/lab/lab-config';
import { err, ok, type Result } from '../../../shared/result';
import { BuiltInAuth, type AuthRequest, type AuthSource } from './auth-source';
import { certIdentity } from './cert-identity';
import { demoClientId } from './demo-profiles';
import { LabLog } from './lab-log';
import { labFileOrThrow, type LabState } from './lab-pki';
import { checkPassword } from './password-check';
import { RedisAuth } from './redis-auth';

export interface AuthQueryError {
  code: 'not-found' | 'invalid-request';
  message: string;
}

/** What the lab would look up for `name`: its certificate's CN and subject DN, its profile's username and client id. */
async function requestOf(dir: string, state: LabState, name: string): Promise<Result<AuthRequest, AuthQueryError>> {
  const identity = state.identities.find((i) => i.name === name);
  if (!identity) return err({ code: 'not-found', message: `The lab has no identity "${name}".` });
  if (identity.commonName === null || identity.cert === null) {
    return err({ code: 'invalid-request', message: `${name} sends no certificate: the lab never looks it up.` });
  }
  const cert = certIdentity(new X509Certificate(await labFileOrThrow(dir, identity.cert)));
  return ok({
    commonName: identity.commonName,
    subject: cert.subject,
    username: identity.commonName,
    clientId: demoClientId(identity.name),
  });
}

/** Runs the lookup of `auth` for the identity `name` of the lab in `dir` (a Redis source is connected for this query only). */
export async function testAuthQuery(
  dir: string,
  state: LabState,
  auth: LabAuthSettings,
  name: string,
  reveal: boolean,
): Promise<Result<LabQueryResult, AuthQueryError>> {
  const request = await requestOf(dir, state, name);
  if (!request.ok) return request;
  const started = performance.now();
  let source: AuthSource;
  if (auth.source === 'redis' && auth.redis) {
    const redis = await RedisAuth.create(auth.redis, new LabLog(10));
    await redis.ready(auth.redis.timeoutMs);
    source = redis;
  } else {
    source = new BuiltInAuth(state.table);
  }
  try {
    const answer = await source.lookup(request.value, AbortSignal.timeout(auth.redis?.timeoutMs ?? 2000));
    const password = state.identities.find((i) => i.name === name)!.password;
    const matches = answer.kind === 'found' ? (await checkPassword(password, answer.stored, answer.hash)).matches : null;
    return ok({
      source: source.name,
      query: source.describe(request.value),
      answer: answer.kind,
      detail: answer.detail,
      profilePasswordMatches: matches,
      revealed:
        reveal && answer.kind === 'found' ? { value: answer.stored.value, salt: answer.stored.salt ?? null, hash: answer.hash } : null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  } finally {
    await source.close();
  }
}
