// The Lab section's fields, checked before anything reaches the host: the port, and the auth
// source's Redis URL, template (by the shared parser, with its column), hash and time limit.
import { describe, expect, it } from 'vitest';
import { authForm, checkAuthForm, parsePort } from '../../../../../renderer/features/lab/lab-inputs';
import type { LabAuthSettings } from '../../../../../shared/lab/lab-config';

const BUILT_IN: LabAuthSettings = { source: 'built-in', refusal: 'not-authorized', usernameMustEqualCn: false };

describe('parsePort', () => {
  it('reads empty as the default and a whole number 0–65535 as a port', () => {
    expect(parsePort('  ')).toEqual({ ok: true, port: null });
    expect(parsePort('8883')).toEqual({ ok: true, port: 8883 });
    expect(parsePort('0')).toEqual({ ok: true, port: 0 });
  });

  it.each(['65536', '-1', '88.3', 'abc', '1e3'])('refuses %j with a message', (text) => {
    const r = parsePort(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe('A port number from 0 to 65535, or empty for the default.');
  });
});

describe('checkAuthForm', () => {
  const redisForm = (patch: Partial<ReturnType<typeof authForm>> = {}) => ({ ...authForm(BUILT_IN), source: 'redis' as const, ...patch });

  it('keeps the built-in table with the refusal chosen', () => {
    const r = checkAuthForm({ ...authForm(BUILT_IN), refusal: 'bad-credentials', usernameMustEqualCn: true }, BUILT_IN);
    expect(r).toEqual({ ok: true, config: { source: 'built-in', refusal: 'bad-credentials', usernameMustEqualCn: true } });
  });

  it('makes a Redis source from valid fields, with the devices’ own topic rights', () => {
    const r = checkAuthForm(redisForm({ query: 'HMGET tls_subject:%d password salt', hash: 'sha256-salt-suffix' }), BUILT_IN);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.redis).toMatchObject({
      url: 'redis://127.0.0.1:6379',
      query: 'HMGET tls_subject:%d password salt',
      hash: 'sha256-salt-suffix',
      timeoutMs: 2000,
      rights: { publish: ['devices/%C/#'], subscribe: ['devices/%C/#'] },
    });
  });

  it('names the column of an unknown placeholder and of an unbalanced quote', () => {
    const unknown = checkAuthForm(redisForm({ query: 'HMGET tls_domain:%X password' }), BUILT_IN);
    expect(!unknown.ok && unknown.errors.query).toMatch(/^Unknown placeholder "%X" at column 18/);
    const quote = checkAuthForm(redisForm({ query: 'HMGET "tls_domain:%C password' }), BUILT_IN);
    expect(!quote.ok && quote.errors.query).toMatch(/column 7/);
  });

  it('refuses a URL that is not redis://, a time limit out of range, and a salted hash without a salt', () => {
    const r = checkAuthForm(redisForm({ url: 'http://127.0.0.1:6379', timeoutMs: '10', hash: 'sha256-salt-prefix' }), BUILT_IN);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual({
      url: 'A redis:// or rediss:// URL, such as redis://127.0.0.1:6379.',
      timeoutMs: 'Milliseconds from 50 to 60000.',
      hash: 'sha256-salt-prefix needs a salt: let the query return it second (HMGET key password salt).',
    });
  });
});
