// The fixture corpus of configurations and command lines (test/fixtures/configs): each one maps
// to the profile its .expected.json describes (settings, files read or not, secrets, what was
// mapped and left out, notes), and each malformed one is refused at the line and column named.
// No secret value ever appears in what is shown: the mapping, the notes, the file statuses.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../../../shared/connect/settings';
import { parseConfigText } from '../../../../electron/core/transfer/config-import';
import { readReferencedFile } from '../../../../electron/core/transfer/transfer-service';
import { CA_PEM, CERT_PEM, ENCRYPTED_KEY_PEM } from '../../../support/fixture-material';

const CORPUS = resolve(__dirname, '../../../fixtures/configs');
const ENV: Record<string, string> = { MQTT_PASSWORD: 'env-pw-Mm9', KEY_PASS: 'env-key-Nn8', PFX_PASS: 'env-pfx-Oo7' };
const CERTS: Record<string, Buffer> = {
  'ca.pem': CA_PEM,
  'device.crt': CERT_PEM,
  'device.key': ENCRYPTED_KEY_PEM,
  'device.p12': Buffer.from('not read: the profile does not use TLS'),
};

interface ExpectedCandidate {
  name: string;
  format: string;
  section: string | null;
  settings: Record<string, unknown>;
  files: [string, string, string][];
  secrets: Record<string, string>;
  missingSecrets: string[];
  mapped: string[];
  ignored: string[];
  notes: string[];
}
type Expected = { candidates: ExpectedCandidate[]; fileNotes: string[] } | { error: { line: number; column: number; message: string } };

const GENERATED = /keyhole[0-9a-f]{8}/;
const fixtures = (await readdir(CORPUS)).filter((f) => !f.endsWith('.expected.json') && f !== 'README.md').sort();
let base = '';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'keyhole-corpus-'));
  await mkdir(join(base, 'certs'));
  for (const [name, bytes] of Object.entries(CERTS)) await writeFile(join(base, 'certs', name), bytes);
});

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

const read = (name: string) =>
  readFile(join(CORPUS, name), 'utf8').then(async (text) => ({
    text,
    expected: JSON.parse(await readFile(join(CORPUS, name.replace(/\.[^.]+$/, '.expected.json')), 'utf8')) as Expected,
  }));

const parse = (text: string) =>
  parseConfigText(text, { readFile: readReferencedFile, baseDir: base, homeDir: '/home/nobody', env: (n) => ENV[n] });

describe('the configuration and command-line corpus', () => {
  it('has at least 30 inputs, at least 10 of them malformed, each with an expectation', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((f) => f.startsWith('bad-')).length).toBeGreaterThanOrEqual(10);
    for (const f of fixtures) await expect(read(f)).resolves.toBeTruthy();
  });

  it.each(fixtures.filter((f) => f.startsWith('bad-')))('refuses %s at the line it names', async (name) => {
    const { text, expected } = await read(name);
    if (!('error' in expected)) throw new Error(`${name} is malformed but its expectation has no error`);
    const r = await parse(text);
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== 'invalid-file') return;
    expect(r.error.at).toEqual({ line: expected.error.line, column: expected.error.column });
    expect(r.error.message).toBe(expected.error.message);
    expect(r.error.message).toMatch(new RegExp(`^Line ${expected.error.line}, column ${expected.error.column}: `));
  });

  it.each(fixtures.filter((f) => !f.startsWith('bad-')))('maps %s to the profile expected', async (name) => {
    const { text, expected } = await read(name);
    if ('error' in expected) throw new Error(`${name} is expected to fail: name it bad-*`);
    const r = await parse(text);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    const { candidates, notes } = r.value;
    expect(candidates.map((c) => c.name.replace(GENERATED, '<generated>'))).toEqual(expected.candidates.map((c) => c.name));
    expect(notes.map((n, i) => n.startsWith(expected.fileNotes[i] ?? '\u0000'))).toEqual(expected.fileNotes.map(() => true));
    for (const [i, c] of candidates.entries()) {
      const want = expected.candidates[i]!;
      const settings: Record<string, unknown> = { ...c.settings };
      if (JSON.stringify(settings.timeouts) === JSON.stringify(DEFAULT_TIMEOUTS)) delete settings.timeouts;
      if (GENERATED.test(c.settings.clientId)) settings.clientId = '<generated>';
      expect({ format: c.mapping?.format, section: c.mapping?.section, settings }).toEqual({
        format: want.format,
        section: want.section,
        settings: want.settings,
      });
      expect(c.fileStatus.map((f) => [f.slot, f.fileName, f.status])).toEqual(want.files);
      // A file read is the file named, byte for byte.
      for (const f of c.files) expect(f.bytes.equals(CERTS[f.fileName]!), f.fileName).toBe(true);
      expect(c.secrets).toEqual(want.secrets);
      expect(c.missingSecrets).toEqual(want.missingSecrets);
      expect(c.mapping?.mapped.map((m) => m.source)).toEqual(want.mapped);
      expect(c.mapping?.ignored.map((m) => m.source)).toEqual(want.ignored);
      const shownNotes = c.importNotes.map((n) => n.replace(GENERATED, '<generated>'));
      expect(shownNotes.map((n, k) => n.startsWith(want.notes[k] ?? '\u0000'))).toEqual(want.notes.map(() => true));
      // Every left-out option says why.
      for (const ignored of c.mapping?.ignored ?? []) expect(ignored.reason.length, ignored.source).toBeGreaterThan(10);
      const shown = JSON.stringify({ mapping: c.mapping, notes: c.importNotes, files: c.fileStatus, fileNotes: notes, name: c.name });
      for (const secret of Object.values(c.secrets)) expect(shown).not.toContain(secret);
    }
  });
});
