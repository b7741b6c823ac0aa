import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQuery, parseAuthTemplate, renderAuthTemplate, type AuthTemplate } from '../../../../shared/lab/auth-template';

const parse = (t: string): AuthTemplate => {
  const r = parseAuthTemplate(t);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const VALUES = { u: 'user', c: 'client-1', C: 'device-001', d: 'CN=device-001,O=Keyhole Lab' };

describe('parseAuthTemplate', () => {
  it.each([
    ['HMGET tls_domain:%C password', 'HMGET', [['tls_domain:device-001'], ['password']], 1],
    ['HMGET tls_subject:%d password salt', 'HMGET', [['tls_subject:CN=device-001,O=Keyhole Lab'], ['password'], ['salt']], 2],
    ['hget   users:%u\tpw', 'HGET', [['users:user'], ['pw']], 1],
    ['GET pw:%c', 'GET', [['pw:client-1']], 1],
    ['HMGET "tls domain:%C" "pass word"', 'HMGET', [['tls domain:device-001'], ['pass word']], 1],
    ["HMGET 'it''s:%C' password", 'HMGET', [['its:device-001'], ['password']], 1],
    ['HMGET "a\\"b\\\\c:%C" password', 'HMGET', [['a"b\\c:device-001'], ['password']], 1],
    ['HMGET 100%%:%C password', 'HMGET', [['100%:device-001'], ['password']], 1],
    ['HMGET "" password', 'HMGET', [[''], ['password']], 1],
  ])('%s', (template, command, rendered, values) => {
    const t = parse(template);
    expect(t.command).toBe(command);
    expect(t.values).toBe(values);
    expect(renderAuthTemplate(t, VALUES)).toEqual(rendered.map((r) => r[0]));
  });

  it.each([
    ['', 'empty', undefined],
    ['   ', 'empty', undefined],
    ['HMGET tls_domain:%x password', 'unknown-placeholder', 18],
    ['HMGET tls_domain:% password', 'unknown-placeholder', 18],
    ['HMGET tls_domain:%', 'unknown-placeholder', 18],
    ['HMGET "tls_domain:%C password', 'unbalanced-quote', 7],
    ["HMGET tls_domain:%C 'password", 'unbalanced-quote', 21],
    ['HMGET tls_domain:%C\npassword', 'control-character', 20],
    ['DEL tls_domain:%C', 'command', 1],
    ['%C tls_domain:x password', 'command', 1],
    ['EVAL "redis.call(\'flushall\')" 0', 'command', 1],
    ['HMGET tls_domain:%C', 'arguments', undefined],
    ['HMGET k a b c', 'arguments', undefined],
    ['HGET k', 'arguments', undefined],
    ['GET a b', 'arguments', undefined],
    [`GET ${'x'.repeat(1001)}`, 'too-long', undefined],
  ])('refuses %j (%s)', (template, code, column) => {
    const r = parseAuthTemplate(template);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.column).toBe(column);
    expect(r.error.message.length).toBeGreaterThan(20);
  });

  it('names the placeholders it knows when it meets one it does not', () => {
    const r = parseAuthTemplate('GET x:%Z');
    expect(r.ok === false && r.error.message).toBe(
      'Unknown placeholder "%Z" at column 7: use %u (username), %c (client id), %C (certificate CN), %d (certificate subject DN), or %% for a percent sign.',
    );
  });

  // Any CN, username or client id — spaces, quotes, CR LF, a whole command — lands inside the one
  // argument its placeholder sits in: the argument count never changes and the value is verbatim.
  it('keeps every placeholder value inside its own argument, whatever the value', () => {
    const t = parse('HMGET "tls %u:%C" password%c salt');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (u, c, C) => {
        const args = renderAuthTemplate(t, { u, c, C, d: '' });
        expect(args).toEqual([`tls ${u}:${C}`, `password${c}`, 'salt']);
      }),
    );
  }, 60_000);

  // Quoting a word (doubling %, escaping " and \) and parsing it gives the word back.
  it('reads back any quoted word exactly', () => {
    const word = fc.string({ unit: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((ch) => ch >= ' ' || ch === '\t') });
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 3 }), (words) => {
        const quoted = words.map((w) => `"${w.replace(/[\\"]/g, (m) => `\\${m}`).replace(/%/g, '%%')}"`);
        const t = parse(`HMGET ${quoted.join(' ')}`);
        expect(renderAuthTemplate(t, VALUES)).toEqual(words);
      }),
    );
  }, 60_000);
});

describe('describeQuery', () => {
  it('shows plain words bare and anything else JSON-quoted, on one line', () => {
    expect(describeQuery('HMGET', ['tls_domain:device-001', 'password'])).toBe('HMGET tls_domain:device-001 password');
    expect(describeQuery('HMGET', ['tls_domain:x\r\nFLUSHALL', 'password'])).toBe('HMGET "tls_domain:x\\r\\nFLUSHALL" password');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (args) => {
        expect(describeQuery('GET', args)).not.toMatch(/[\r\n]/);
      }),
    );
  }, 60_000);
});
