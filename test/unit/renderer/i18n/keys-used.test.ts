// Every key the renderer asks for exists in the English catalogue (and so, by the catalogue
// test, in every language): `t('…')`, `i18nKey="…"`, with the namespace named by `useT(…)`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../../renderer/i18n/resources';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const RENDERER = join(ROOT, 'renderer');

type Tree = { [key: string]: string | Tree };
const en = resources.en as unknown as Record<string, Tree>;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** What a key resolves to in English: a string, a subtree (a key made at run time ends there), or nothing. */
function lookup(ns: string, path: string): string | Tree | undefined {
  let node: string | Tree | undefined = en[ns];
  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part] ?? node[`${part}_other`];
  }
  return node;
}

interface Use {
  file: string;
  line: number;
  ns: string;
  key: string;
  /** Made at run time from this static start (`backends.${kind}`): the start must be a subtree. */
  prefix: boolean;
}

const stringOf = (node: ts.Node): string | null =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : null;

/** The keys a file asks for, found in its syntax tree. */
function keysUsed(file: string, text: string): Use[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  // The namespaces of the latest useT(…) above: each component names its own at its top. A
  // helper above the component (handed its \`t\`) uses the file's first.
  const first = /useT\(\s*\[?\s*'([\w-]+)'/.exec(text)?.[1];
  let namespaces: string[] = first ? [first] : [];
  const found: Use[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const first = node.arguments[0];
      if (callee === 'useT' && first) {
        if (ts.isArrayLiteralExpression(first)) namespaces = first.elements.map((e) => stringOf(e) ?? '');
        else namespaces = [stringOf(first) ?? ''];
      }
      if ((callee === 't' || callee.endsWith('.t')) && first) {
        const key = stringOf(first);
        if (key !== null) found.push({ file, line: at(node), ns: namespaces[0] ?? 'common', key, prefix: false });
        else if (ts.isTemplateExpression(first))
          found.push({ file, line: at(node), ns: namespaces[0] ?? 'common', key: first.head.text.replace(/\.$/, ''), prefix: true });
        else if (ts.isConditionalExpression(first))
          for (const branch of [first.whenTrue, first.whenFalse]) {
            const k = stringOf(branch);
            if (k !== null) found.push({ file, line: at(branch), ns: namespaces[0] ?? 'common', key: k, prefix: false });
          }
      }
    }
    if (ts.isJsxAttribute(node) && node.name.getText(source) === 'i18nKey' && node.initializer) {
      const key = ts.isStringLiteral(node.initializer) ? node.initializer.text : null;
      if (key !== null) found.push({ file, line: at(node), ns: namespaces[0] ?? 'common', key, prefix: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((u) => {
    const colon = u.key.indexOf(':');
    return colon > 0 ? { ...u, ns: u.key.slice(0, colon), key: u.key.slice(colon + 1) } : u;
  });
}

function problemsOf(uses: Use[]): string[] {
  return uses.flatMap((u) => {
    const where = `${u.file}:${u.line} ${u.ns}:${u.key}`;
    const hit = lookup(u.ns, u.key);
    if (u.prefix) return hit !== undefined && typeof hit !== 'string' ? [] : [`${where}… is not a group of keys`];
    return typeof hit === 'string' ? [] : [`${where} is ${hit === undefined ? 'missing' : 'a group, not a string'}`];
  });
}

describe('keys used in the renderer', () => {
  const uses = sources(RENDERER)
    .filter((f) => !f.includes(`${join('renderer', 'i18n')}`))
    .flatMap((f) => keysUsed(relative(ROOT, f), readFileSync(f, 'utf8')));

  it('are found (the scan reads the code)', () => {
    expect(uses.length).toBeGreaterThan(50);
  });

  it('all exist in the English catalogue', () => {
    expect(problemsOf(uses)).toEqual([]);
  });

  it('fails on a key left out of the catalogue, with its place', () => {
    const code = [
      `function A() { const { t } = useT(['settings', 'common']); return <p>{t('title')}{t('nope')}{t('common:nada')}{t(\`backends.\${k}\`)}{t(\`themes.auto.\${k}\`)}</p>; }`,
      `function B() { const { t } = useT('rail'); return <p>{t('nav')}{t('title')}</p>; }`,
    ].join('\n');
    expect(problemsOf(keysUsed('x.tsx', code))).toEqual([
      'x.tsx:1 settings:nope is missing',
      'x.tsx:1 common:nada is missing',
      'x.tsx:1 settings:themes.auto… is not a group of keys',
      'x.tsx:2 rail:title is missing',
    ]);
  });
});
