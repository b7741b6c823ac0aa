// The HOCON reader: what NanoMQ and EMQX files use, read as lightbend's HOCON.md says, and every
// syntax error at its line and column. `include` is recorded and never followed.
import { describe, expect, it } from 'vitest';
import { MAX_HOCON_DEPTH, lookup, parseHocon, type HoconValue } from '../../../../electron/core/transfer/hocon';

const ok = (text: string) => {
  const r = parseHocon(text);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.message}`);
  return r.value;
};
const plain = (v: HoconValue | undefined): unknown =>
  v === undefined
    ? undefined
    : v.kind === 'object'
      ? Object.fromEntries([...v.fields].map(([k, f]) => [k, plain(f.value)]))
      : v.kind === 'array'
        ? v.items.map(plain)
        : v.kind === 'subst'
          ? `\${${v.path}}`
          : v.value;

describe('parseHocon', () => {
  it.each([
    ['braces', 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000)],
    ['JSON', `{"data":${'{"ssl":'.repeat(100_000)}1${'}'.repeat(100_000)}}`],
    ['arrays', `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['a dotted key', `${Array<string>(100_000).fill('a').join('.')} = 1`],
  ])('refuses %s nested 100,000 deep at the level that goes too deep, instead of overflowing the stack', (_kind, text) => {
    const r = parseHocon(text);
    expect(r).toMatchObject({
      ok: false,
      error: { message: `Objects and arrays are nested more than ${MAX_HOCON_DEPTH} levels deep here.` },
    });
  });

  it(`reads ${MAX_HOCON_DEPTH} levels`, () => {
    expect(ok(`${'a {\n'.repeat(MAX_HOCON_DEPTH - 1)}b = 1\n${'}\n'.repeat(MAX_HOCON_DEPTH - 1)}`).root.kind).toBe('object');
  });

  it('reads dotted keys, merges duplicate objects and lets a later scalar win', () => {
    const doc = ok(`a.b { x = 1 }\na { b { y: "two" } }\na.b.x = 3\nc = [1, 2,\n  3]\nd += 4\nd += five`);
    expect(plain(doc.root)).toEqual({ a: { b: { x: 3, y: 'two' } }, c: [1, 2, 3], d: [4, 'five'] });
  });

  it('keeps unquoted values as text (durations, paths) and concatenates a value on one line', () => {
    const doc = ok(`keepalive = 60s\nkeyfile = /etc/certs/key.pem\nname = edge gateway "01"\nt = """a "quoted" b"""`);
    expect(plain(doc.root)).toEqual({ keepalive: '60s', keyfile: '/etc/certs/key.pem', name: 'edge gateway 01', t: 'a "quoted" b' });
  });

  it('reads JSON, comments of both kinds, and escapes', () => {
    const doc = ok(`# top\n{"a": "x\\ty", // c\n "b": [true, null, -1.5e2]}`);
    expect(plain(doc.root)).toEqual({ a: 'x\ty', b: [true, null, -150] });
  });

  it('resolves substitutions the document defines and leaves the others as they are', () => {
    const doc = ok(`base = "/etc/certs"\nca = \${base}\npw = \${?SECRET}`);
    expect(plain(lookup(doc.root, 'ca'))).toBe('/etc/certs');
    expect(lookup(doc.root, 'pw')).toMatchObject({ kind: 'subst', path: 'SECRET', optional: true, line: 3 });
  });

  it('records include statements without reading anything', () => {
    const doc = ok(`include "/etc/passwd"\nauth { acl = { include file("/etc/acl.conf") } }\nx = 1`);
    expect(doc.includes.map((i) => [i.line, i.target])).toEqual([
      [1, '"/etc/passwd"'],
      [2, 'file("/etc/acl.conf")'],
    ]);
    expect(plain(doc.root)).toEqual({ auth: { acl: {} }, x: 1 });
  });

  it('keeps the line and column of every field', () => {
    const doc = ok(`a {\n  b = 1\n    c = "x"\n}`);
    const a = doc.root.kind === 'object' ? doc.root.fields.get('a')!.value : null;
    expect(a?.kind === 'object' && [...a.fields.values()].map((f) => [f.key, f.line, f.column])).toEqual([
      ['b', 2, 3],
      ['c', 3, 5],
    ]);
  });

  it.each([
    ['a {\n  b = 1\n', 1, 3, /This \{ is never closed/],
    ['a = [1, 2\n', 1, 5, /This \[ is never closed/],
    ['a = "open\nb = 1', 1, 5, /not closed on its line/],
    ['a = """never', 1, 5, /never closed/],
    ['a = mqtt-tcp://x:1', 1, 5, /URL must be in double quotes/],
    ['a = "x" b = 1', 1, 11, /comma or a new line is missing/],
    ['a\nb = 1', 1, 2, /Expected = or : after the key "a", but the line ends/],
    ['a = \n', 1, 5, /has no value/],
    ['a..b = 1', 1, 3, /empty part/],
    ['a = "\\q"', 1, 8, /not an escape/],
    ['}', 1, 1, /closes nothing/],
    ['a = 1 }', 1, 7, /closes nothing/],
  ])('refuses %j at %i:%i', (text, line, column, message) => {
    const r = parseHocon(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ line: r.error.line, column: r.error.column }).toEqual({ line, column });
    expect(r.error.message).toMatch(message);
  });
});
