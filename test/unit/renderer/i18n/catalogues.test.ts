// The catalogues agree: every English string has its Chinese, with the same variables and tags,
// the plural forms each language's rules ask for, and nothing empty.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, SOURCE_LANGUAGE } from '../../../../renderer/i18n/languages';
import { NAMESPACES, resources } from '../../../../renderer/i18n/resources';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as "a.b.c" → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys with plural suffixes folded: "n_one", "n_other" → "n" with the categories {one, other}. */
function fold(flat: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const forms = out.get(base) ?? new Set<string>();
    forms.add(m ? m[1]! : '');
    out.set(base, forms);
  }
  return out;
}

/** `{{name}}` variables (with format or not) and `<0>` … `</0>` Trans tags of a string. */
const variables = (text: string): string[] => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
const tags = (text: string): string[] => [...text.matchAll(/<\/?(\w+)\s*\/?>/g)].map((m) => m[0]).sort();

const catalogue = (lng: string, ns: string): Tree => (resources as unknown as Record<string, Record<string, Tree>>)[lng]![ns]!;
const categories = (lng: string) => new Set(new Intl.PluralRules(lng).resolvedOptions().pluralCategories);

describe('catalogues', () => {
  const others = LANGUAGES.map((l) => l.code).filter((c) => c !== SOURCE_LANGUAGE);

  it('have every namespace in every language', () => {
    for (const lng of others) expect(Object.keys(resources[lng]).sort()).toEqual([...NAMESPACES].sort());
    expect(NAMESPACES.length).toBeGreaterThan(3);
  });

  for (const ns of NAMESPACES) {
    describe(ns, () => {
      const en = flatten(catalogue(SOURCE_LANGUAGE, ns));

      it('has no empty string in English', () => {
        expect([...en].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
      });

      it('uses exactly the plural forms of English (one, other) where it has any', () => {
        for (const [base, forms] of fold(en)) {
          if (forms.has('')) expect(forms, base).toEqual(new Set(['']));
          else expect(forms, base).toEqual(categories(SOURCE_LANGUAGE));
        }
      });

      for (const lng of others) {
        const tr = flatten(catalogue(lng, ns));

        it(`has the same keys in ${lng} as in English (plural forms as ${lng} needs them)`, () => {
          const enFolded = fold(en);
          const trFolded = fold(tr);
          expect([...trFolded.keys()].sort()).toEqual([...enFolded.keys()].sort());
          for (const [base, forms] of enFolded) {
            const want = forms.has('') ? new Set(['']) : categories(lng);
            expect(trFolded.get(base), `${ns}:${base} in ${lng}`).toEqual(want);
          }
        });

        it(`has no empty or untranslated value in ${lng}`, () => {
          expect([...tr].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
          // The English text copied as is: words left in English (terms such as TLS or CA are capitals).
          const untranslated = [...tr].filter(([k, v]) => v === en.get(k) && /[a-z]{3,}/.test(v.replace(/\{\{[^}]*\}\}/g, '')));
          expect(untranslated.map(([k]) => k)).toEqual([]);
        });

        it(`keeps every variable and tag of English in ${lng}`, () => {
          const problems: string[] = [];
          for (const [key, text] of tr) {
            const base = key.replace(PLURAL, '');
            // A plural form is compared with English's "other" form of the same key.
            const source = en.get(key) ?? en.get(`${base}_other`) ?? '';
            if (JSON.stringify(variables(text)) !== JSON.stringify(variables(source)))
              problems.push(`${ns}:${key} variables ${variables(text).join(',')} ≠ ${variables(source).join(',')}`);
            if (JSON.stringify(tags(text)) !== JSON.stringify(tags(source))) problems.push(`${ns}:${key} tags differ`);
          }
          expect(problems).toEqual([]);
        });
      }
    });
  }
});

describe('the catalogue test itself', () => {
  it('sees a variable left out, and plural forms folded', () => {
    expect(variables('Between {{min}} and {{max, number}}')).toEqual(['max', 'min']);
    expect(variables('须在 {{min}} 之间')).toEqual(['min']);
    expect(tags('Profiles: <0>{{location}}</0>')).toEqual(['</0>', '<0>']);
    expect(
      fold(
        new Map([
          ['n_one', ''],
          ['n_other', ''],
          ['m', ''],
        ]),
      ),
    ).toEqual(
      new Map([
        ['n', new Set(['one', 'other'])],
        ['m', new Set([''])],
      ]),
    );
    expect(categories('zh-CN')).toEqual(new Set(['other']));
  });
});
