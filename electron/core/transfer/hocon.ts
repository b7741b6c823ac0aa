/**
 * A HOCON reader for the configuration files of NanoMQ and EMQX (lightbend/config HOCON.md): objects
 * with or without braces, `=` / `:` / none before `{`, dotted and quoted key paths, arrays, quoted,
 * triple-quoted and unquoted strings, value concatenation on one line, `#` and `//` comments,
 * duplicate keys merged, `+=`, and `${path}` substitutions resolved within the document. JSON is
 * HOCON, so the JSON the EMQX API returns reads here too.
 *
 * Unlike a general HOCON library it never follows `include` (no file is read and no URL fetched
 * for text a user pasted: the include is recorded and skipped) and never reads the environment
 * for `${?VAR}`: a substitution it cannot resolve from the document stays a `subst` node. Every
 * node keeps its line and column, and a syntax error names both.
 */
import { err, ok, type Result } from '../../../shared/result';

export interface HoconPos {
  line: number;
  column: number;
}

export interface HoconObject extends HoconPos {
  kind: 'object';
  /** In the order first seen. */
  fields: Map<string, HoconField>;
}

export interface HoconField extends HoconPos {
  key: string;
  value: HoconValue;
}

export interface HoconArray extends HoconPos {
  kind: 'array';
  items: HoconValue[];
}

export interface HoconScalar extends HoconPos {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
  /** True when written in quotes (a quoted "4" is a string, an unquoted 4 a number). */
  quoted: boolean;
}

/** `${path}` / `${?path}` that the document itself does not define. */
export interface HoconSubst extends HoconPos {
  kind: 'subst';
  path: string;
  optional: boolean;
}

export type HoconValue = HoconObject | HoconArray | HoconScalar | HoconSubst;

export interface HoconDocument {
  root: HoconObject | HoconArray;
  /** `include` statements, which are never followed. */
  includes: (HoconPos & { target: string })[];
}

export interface HoconSyntaxError extends HoconPos {
  message: string;
}

/** Characters HOCON does not allow in an unquoted string or key (HOCON.md "Unquoted strings"). */
const FORBIDDEN = new Set(['$', '"', '{', '}', '[', ']', ':', '=', ',', '+', '#', '`', '^', '?', '!', '@', '*', '&', '\\']);
const INLINE_SPACE = /[ \t\f\v\u00a0\ufeff\u2000-\u200a\u202f\u205f\u3000]/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/**
 * Deepest nesting of objects and arrays read. The parser and everything after it recurse per
 * level, so 100,000 nested braces would overflow the stack; no broker configuration nests
 * deeper than a handful of levels.
 */
export const MAX_HOCON_DEPTH = 64;

class SyntaxFailure extends Error {
  constructor(
    readonly pos: HoconPos,
    message: string,
  ) {
    super(message);
  }
}

/** Parses HOCON text; a syntax error names its line and column. */
export function parseHocon(text: string): Result<HoconDocument, HoconSyntaxError> {
  const parser = new Parser(text.replace(/^\uFEFF/, ''));
  try {
    const root = parser.document();
    resolveSubstitutions(root);
    return ok({ root, includes: parser.includes });
  } catch (e) {
    if (e instanceof SyntaxFailure) return err({ ...e.pos, message: e.message });
    throw e;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  private line = 1;
  private col = 1;
  readonly includes: HoconDocument['includes'] = [];

  constructor(private readonly s: string) {}

  private pos(): HoconPos {
    return { line: this.line, column: this.col };
  }

  private fail(message: string, at: HoconPos = this.pos()): never {
    throw new SyntaxFailure(at, message);
  }

  private peek(offset = 0): string {
    return this.s[this.i + offset] ?? '';
  }

  private next(): string {
    const c = this.s[this.i++] ?? '';
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else this.col++;
    return c;
  }

  private atEnd(): boolean {
    return this.i >= this.s.length;
  }

  private startsComment(): boolean {
    return this.peek() === '#' || (this.peek() === '/' && this.peek(1) === '/');
  }

  /** Skips spaces and comments on this line; with `newlines`, also line breaks. */
  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c !== '' && INLINE_SPACE.test(c)) this.next();
      else if (c === '\r' && this.peek(1) === '\n') this.next();
      else if (this.startsComment()) while (!this.atEnd() && this.peek() !== '\n') this.next();
      else if (newlines && c === '\n') this.next();
      else return;
    }
  }

  document(): HoconObject | HoconArray {
    this.skip(true);
    const start = this.pos();
    let root: HoconObject | HoconArray;
    if (this.peek() === '{') root = this.object();
    else if (this.peek() === '[') root = this.array();
    else root = this.fields({ kind: 'object', fields: new Map(), ...start }, null);
    this.skip(true);
    if (!this.atEnd()) this.fail(`Unexpected "${this.peek()}" after the end of the document.`);
    return root;
  }

  /** Enters an object or array opened at `open`; refuses nesting deeper than MAX_HOCON_DEPTH. */
  private enter(open: HoconPos): void {
    if (++this.depth > MAX_HOCON_DEPTH) this.fail(`Objects and arrays are nested more than ${MAX_HOCON_DEPTH} levels deep here.`, open);
  }

  private object(): HoconObject {
    const open = this.pos();
    this.enter(open);
    this.next();
    const obj = this.fields({ kind: 'object', fields: new Map(), ...open }, open);
    this.next();
    this.depth--;
    return obj;
  }

  /** Fields until `}` (when `open` is a brace) or the end of the text. */
  private fields(obj: HoconObject, open: HoconPos | null): HoconObject {
    for (;;) {
      this.skip(true);
      if (this.atEnd()) {
        if (open) this.fail('This { is never closed.', open);
        return obj;
      }
      if (this.peek() === '}') {
        if (!open) this.fail('A } closes nothing here.');
        return obj;
      }
      if (this.peek() === ',') this.fail('A comma with no field before it.');
      this.field(obj);
      this.skip(false);
      const c = this.peek();
      if (c === ',') this.next();
      else if (c !== '\n' && c !== '}' && !this.atEnd())
        this.fail(`Expected a new line or a comma after this field, found "${c}". Quote values holding : // # , or spaces.`);
    }
  }

  private field(obj: HoconObject): void {
    const at = this.pos();
    if (this.tryInclude()) return;
    const path = this.keyPath();
    this.skip(false);
    let append = false;
    if (this.peek() === '+' && this.peek(1) === '=') {
      this.next();
      this.next();
      append = true;
    } else if (this.peek() === '=' || this.peek() === ':') this.next();
    else if (this.peek() !== '{')
      this.fail(`Expected = or : after the key "${path.join('.')}"${this.atEnd() || this.peek() === '\n' ? ', but the line ends' : ''}.`);
    this.skip(false);
    if (this.atEnd() || this.peek() === '\n' || this.peek() === '}' || this.peek() === ',')
      this.fail(`The key "${path.join('.')}" has no value.`);
    // A dotted key nests as deep as its parts: a.b.c { … } is three levels.
    const extra = path.length - 1;
    this.depth += extra;
    if (this.depth > MAX_HOCON_DEPTH) this.fail(`Objects and arrays are nested more than ${MAX_HOCON_DEPTH} levels deep here.`, at);
    const value = this.value();
    this.depth -= extra;
    assign(obj, path, value, at, append);
  }

  /** `include "file"`, `include file("…")`, `include required(file("…"))`: recorded, never read. */
  private tryInclude(): boolean {
    if (!this.s.startsWith('include', this.i) || !INLINE_SPACE.test(this.peek(7))) return false;
    const rest = this.s.slice(this.i + 7).trimStart();
    if (!/^("|(file|url|classpath|required)\s*\()/.test(rest)) return false;
    const at = this.pos();
    for (let k = 0; k < 7; k++) this.next();
    this.skip(false);
    const from = this.i;
    if (this.peek() === '"') this.quoted();
    else {
      let depth = 0;
      let opened = false;
      while (!opened || depth > 0) {
        const c = this.peek();
        if (c === '' || c === '\n') this.fail('This include is not closed with ).', at);
        if (c === '"') {
          this.quoted();
          continue;
        }
        if (c === '(') {
          depth++;
          opened = true;
        }
        if (c === ')') depth--;
        this.next();
      }
    }
    this.includes.push({ ...at, target: this.s.slice(from, this.i) });
    return true;
  }

  private keyPath(): string[] {
    const path: string[] = [];
    let current = '';
    let any = false;
    for (;;) {
      const c = this.peek();
      if (c === '"') {
        current += this.quoted();
        any = true;
      } else if (c === '.') {
        if (!any) this.fail('A key has an empty part (two dots, or a dot at its start).');
        path.push(current);
        current = '';
        any = false;
        this.next();
      } else if (c !== '' && !FORBIDDEN.has(c) && !/\s/.test(c) && !this.startsComment()) {
        current += this.next();
        any = true;
      } else break;
    }
    if (!any) {
      const c = this.peek();
      this.fail(path.length ? 'A key ends with a dot.' : c === '' ? 'A key is missing.' : `Expected a key, found "${c}".`);
    }
    path.push(current);
    return path;
  }

  private value(): HoconValue {
    const at = this.pos();
    if (this.peek() === '{') return this.trailing(this.object());
    if (this.peek() === '[') return this.trailing(this.array());
    const pieces: { text: string; quoted: boolean; subst?: HoconSubst }[] = [];
    let gap = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n' || c === ',' || c === '}' || c === ']' || this.startsComment()) break;
      if (c === '\r' && this.peek(1) === '\n') break;
      // Any other white space (a lone CR, U+2028 …) separates too: an unquoted word stops at it.
      if (INLINE_SPACE.test(c) || /\s/.test(c)) {
        gap += this.next();
        continue;
      }
      if (pieces.length) pieces.push({ text: gap, quoted: true });
      gap = '';
      if (c === '"') pieces.push({ text: this.quoted(), quoted: true });
      else if (c === '$' && this.peek(1) === '{') {
        const subst = this.substitution();
        pieces.push({ text: `\${${subst.optional ? '?' : ''}${subst.path}}`, quoted: true, subst });
      } else if (c === '{' || c === '[') this.fail(`An object or array cannot follow other text in a value.`);
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(this.s.slice(this.i, this.i + 40)))
        this.fail('A URL must be in double quotes ("scheme://host:port").');
      else if ((c === ':' || c === '=') && pieces.length > 1)
        this.fail(`"${c}" after a value: a comma or a new line is missing before the next field.`);
      else if (FORBIDDEN.has(c)) this.fail(`"${c}" cannot appear unquoted in a value: put the value in double quotes.`);
      else {
        const word = this.unquoted();
        // Every turn of this loop must consume input; a character nothing reads would loop forever.
        if (word === '') this.fail(`"${c}" cannot appear unquoted in a value: put the value in double quotes.`);
        pieces.push({ text: word, quoted: false });
      }
    }
    if (pieces.length === 1 && pieces[0]!.subst) return pieces[0]!.subst;
    if (pieces.length === 1 && !pieces[0]!.quoted) return scalar(pieces[0]!.text, at);
    return { kind: 'string', value: pieces.map((p) => p.text).join(''), quoted: true, ...at };
  }

  /** Nothing but a separator may follow an object or array on its line. */
  private trailing<T extends HoconValue>(v: T): T {
    this.skip(false);
    const c = this.peek();
    if (c !== '' && c !== '\n' && c !== ',' && c !== '}' && c !== ']' && !(c === '\r' && this.peek(1) === '\n'))
      this.fail(`Unexpected "${c}" after the value; put one field per line or separate them with commas.`);
    return v;
  }

  private array(): HoconArray {
    const open = this.pos();
    this.enter(open);
    this.next();
    const arr: HoconArray = { kind: 'array', items: [], ...open };
    for (;;) {
      this.skip(true);
      if (this.atEnd()) this.fail('This [ is never closed.', open);
      if (this.peek() === ']') {
        this.next();
        this.depth--;
        return arr;
      }
      if (this.peek() === ',') this.fail('A comma with no value before it.');
      arr.items.push(this.value());
      this.skip(false);
      if (this.peek() === ',') this.next();
      else if (this.peek() !== '\n' && this.peek() !== ']' && !this.atEnd())
        this.fail(`Expected a comma, a new line or ] in the array, found "${this.peek()}".`);
    }
  }

  private quoted(): string {
    const open = this.pos();
    if (this.s.startsWith('"""', this.i)) {
      for (let k = 0; k < 3; k++) this.next();
      const end = this.s.indexOf('"""', this.i);
      if (end < 0) this.fail('This """ string is never closed.', open);
      let stop = end + 3;
      // HOCON.md: quotes right before the closing """ belong to the string.
      while (this.s[stop] === '"') stop++;
      let out = '';
      while (this.i < stop - 3) out += this.next();
      for (let k = 0; k < 3; k++) this.next();
      return out;
    }
    this.next();
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('This string is not closed on its line.', open);
      this.next();
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.next();
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (simple[e] !== undefined) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i, this.i + 4))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
        for (let k = 0; k < 4; k++) this.next();
      } else this.fail(`"\\${e}" is not an escape a quoted string may hold (use \\\\ for a backslash).`);
    }
  }

  private unquoted(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || /\s/.test(c) || FORBIDDEN.has(c) || this.startsComment()) return out;
      out += this.next();
    }
  }

  private substitution(): HoconSubst {
    const at = this.pos();
    this.next();
    this.next();
    const optional = this.peek() === '?';
    if (optional) this.next();
    let path = '';
    while (this.peek() !== '}') {
      if (this.atEnd() || this.peek() === '\n') this.fail('A ${ substitution is not closed with }.', at);
      path += this.next();
    }
    this.next();
    path = path.trim();
    if (!path) this.fail('A ${} substitution names nothing.', at);
    return { kind: 'subst', path, optional, ...at };
  }
}

function scalar(text: string, at: HoconPos): HoconScalar {
  if (text === 'true' || text === 'false') return { kind: 'boolean', value: text === 'true', quoted: false, ...at };
  if (text === 'null') return { kind: 'null', value: null, quoted: false, ...at };
  if (NUMBER.test(text)) return { kind: 'number', value: Number(text), quoted: false, ...at };
  return { kind: 'string', value: text, quoted: false, ...at };
}

/** Sets `path` in `obj`: objects merge with an object already there (HOCON.md "Duplicate keys"), anything else replaces it. */
function assign(obj: HoconObject, path: string[], value: HoconValue, at: HoconPos, append: boolean): void {
  let target = obj;
  for (const key of path.slice(0, -1)) {
    const existing = target.fields.get(key);
    if (existing?.value.kind === 'object') target = existing.value;
    else {
      const child: HoconObject = { kind: 'object', fields: new Map(), ...at };
      target.fields.set(key, { key, value: child, ...at });
      target = child;
    }
  }
  const key = path[path.length - 1]!;
  const existing = target.fields.get(key);
  if (append) {
    if (existing?.value.kind === 'array') existing.value.items.push(value);
    else target.fields.set(key, { key, value: { kind: 'array', items: [value], ...at }, ...at });
  } else if (existing?.value.kind === 'object' && value.kind === 'object') {
    for (const [k, f] of value.fields) assign(existing.value, [k], f.value, f, false);
  } else {
    // A later value wins; the key keeps its place but takes the new line.
    target.fields.set(key, { key, value, ...at });
  }
}

/** The value at a dotted path from the root, or undefined. */
export function lookup(root: HoconValue, path: string): HoconValue | undefined {
  let node: HoconValue | undefined = root;
  for (const part of path.split('.')) {
    if (node?.kind === 'object') node = node.fields.get(part)?.value;
    else if (node?.kind === 'array' && /^\d+$/.test(part)) node = node.items[Number(part)];
    else return undefined;
  }
  return node;
}

/** Replaces each `${path}` whose target the document defines by that value (a chain at most a few deep). */
function resolveSubstitutions(root: HoconObject | HoconArray): void {
  const visit = (node: HoconValue, depth: number): HoconValue => {
    if (node.kind === 'subst') {
      const target = depth < 8 ? lookup(root, node.path) : undefined;
      return target && target !== node ? visit(target, depth + 1) : node;
    }
    if (node.kind === 'object') for (const f of node.fields.values()) f.value = visit(f.value, depth);
    if (node.kind === 'array') node.items = node.items.map((v) => visit(v, depth));
    return node;
  };
  visit(root, 0);
}
