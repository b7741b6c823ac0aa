// The part of the hostile corpus (test/fixtures/hostile/manifest.ts) that is made at test time:
// files too large to commit, things that are no files (a FIFO, a symlink loop, a folder),
// inputs holding a private key (no key is committed), keys slow to make (cached between runs),
// and files whose cost is patched into their DER (no tool would make them in reasonable time).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as asn1js from 'asn1js';

export const HOSTILE_FIXTURES = new URL('../fixtures/hostile/', import.meta.url).pathname;
/** Keys that take a minute to make are kept here between runs (inside node_modules: never committed). */
const CACHE = new URL('../../node_modules/.cache/keyhole-hostile/', import.meta.url).pathname;

const openssl = (args: string[], cwd?: string) => execFileSync('openssl', args, { stdio: 'pipe', ...(cwd ? { cwd } : {}) });

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
const pem = (label: string, bytes: Buffer) =>
  `-----BEGIN ${label}-----\n${bytes
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

/** Nested `open` … `close` `depth` times around `inner`. */
const nested = (open: string, close: string, depth: number, inner = '') => open.repeat(depth) + inner + close.repeat(depth);

/** A file of `bytes` bytes: `head`, then `fill` repeated. Written in 1 MiB pieces so memory stays small. */
async function bigFile(path: string, bytes: number, head: string, fill: string, tail = ''): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(head);
    const piece = Buffer.from(fill.repeat(Math.ceil((1024 * 1024) / fill.length)));
    let left = bytes - head.length - tail.length;
    while (left > 0) {
      const n = Math.min(left, piece.length);
      await handle.write(piece, 0, n);
      left -= n;
    }
    await handle.write(tail);
  } finally {
    await handle.close();
  }
}

/** RSA 16384 makes two 8192-bit primes: a minute or more of one core. Made once, then taken from the cache. */
async function rsa16384(dir: string): Promise<void> {
  const key = join(CACHE, 'rsa-16384.key');
  if (!existsSync(key)) {
    await mkdir(CACHE, { recursive: true });
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:16384', '-out', `${key}.part`]);
    await rename(`${key}.part`, key);
  }
  await copyFile(key, join(dir, 'rsa-16384.key'));
  openssl(['req', '-x509', '-new', '-key', key, '-subj', '/CN=rsa-16384', '-days', '3650', '-out', join(dir, 'rsa-16384.pem')]);
}

/** An encrypted PKCS#8 key (PBES2) whose PBKDF2 iteration count is `iterations`. */
function patchPbkdf2(encryptedPem: string, iterations: number): string {
  const root = asn1js.fromBER(der(encryptedPem)).result as asn1js.Sequence;
  // EncryptedPrivateKeyInfo { AlgorithmIdentifier { PBES2, { keyDerivationFunc { PBKDF2, { salt, iterationCount … } }, … } }, data }
  const algorithm = root.valueBlock.value[0] as asn1js.Sequence;
  const pbes2 = algorithm.valueBlock.value[1] as asn1js.Sequence;
  const kdf = pbes2.valueBlock.value[0] as asn1js.Sequence;
  const params = kdf.valueBlock.value[1] as asn1js.Sequence;
  params.valueBlock.value[1] = new asn1js.Integer({ value: iterations });
  return pem('ENCRYPTED PRIVATE KEY', Buffer.from(root.toBER()));
}

/** The same, with scrypt's N (PBES2 with scrypt, RFC 7914 §7). */
function patchScryptN(encryptedPem: string, logN: number): string {
  const root = asn1js.fromBER(der(encryptedPem)).result as asn1js.Sequence;
  const pbes2 = (root.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
  const params = (pbes2.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
  // scrypt-params ::= SEQUENCE { salt, costParameter, blockSize, parallelizationParameter, keyLength OPTIONAL }
  params.valueBlock.value[1] = new asn1js.Integer({ value: 2 ** logN });
  return pem('ENCRYPTED PRIVATE KEY', Buffer.from(root.toBER()));
}

/** A PKCS#12 bundle whose MacData says `iterations` (the MAC no longer verifies: it is never to be tried). */
function patchMacIterations(p12: Buffer, iterations: number): Buffer {
  const pfx = asn1js.fromBER(p12).result as asn1js.Sequence;
  (pfx.valueBlock.value[2] as asn1js.Sequence).valueBlock.value[2] = new asn1js.Integer({ value: iterations });
  return Buffer.from(pfx.toBER());
}

/** 10,000 DNS names in one certificate's subjectAltName. */
async function manySans(dir: string, key: string): Promise<void> {
  const names = Array.from({ length: 10_000 }, (_, i) => `DNS.${i + 1} = host-${i}.hostile.example`).join('\n');
  const cnf = join(dir, 'sans.cnf');
  await writeFile(cnf, `[req]\ndistinguished_name = dn\n[dn]\n[ext]\nsubjectAltName = @alt\n[alt]\n${names}\n`);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-subj',
    '/CN=many-sans',
    '-days',
    '3650',
    '-config',
    cnf,
    '-extensions',
    'ext',
    '-out',
    join(dir, 'cert-10000-sans.pem'),
  ]);
}

/** Makes every generated entry in `dir`; returns each one's path. */
export async function makeHostileFiles(dir: string): Promise<Record<GeneratedFile, string>> {
  const at = (name: string) => join(dir, name);
  const key = at('key.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  openssl(['req', '-x509', '-new', '-key', key, '-subj', '/CN=hostile-client', '-days', '3650', '-out', at('client.pem')]);
  const keyText = await readFile(key, 'utf8');
  await writeFile(at('key-truncated.pem'), keyText.slice(0, keyText.length >> 1));

  const pbes2 = openssl(['pkcs8', '-topk8', '-in', key, '-passout', 'pass:hostile', '-v2', 'aes-256-cbc', '-iter', '2048']).toString();
  await writeFile(at('key-pbkdf2-2e31.pem'), patchPbkdf2(pbes2, 2 ** 31 - 1));
  await writeFile(at('key-pbkdf2-2m.pem'), patchPbkdf2(pbes2, 2_000_000));
  const scrypt = openssl([
    'pkcs8',
    '-topk8',
    '-in',
    key,
    '-passout',
    'pass:hostile',
    '-scrypt',
    '-scrypt_N',
    '1024',
    '-scrypt_r',
    '8',
    '-scrypt_p',
    '1',
  ]).toString();
  await writeFile(at('key-scrypt-2e30.pem'), patchScryptN(scrypt, 30));

  const p12 = at('bundle.p12');
  openssl(['pkcs12', '-export', '-in', at('client.pem'), '-inkey', key, '-out', p12, '-passout', 'pass:hostile', '-iter', '2048']);
  const p12Bytes = await readFile(p12);
  await writeFile(at('pfx-mac-5m.p12'), patchMacIterations(p12Bytes, 5_000_000));
  await writeFile(at('pfx-mac-2e31.p12'), patchMacIterations(p12Bytes, 2 ** 31 - 1));
  await writeFile(at('pfx-truncated.p12'), p12Bytes.subarray(0, p12Bytes.length >> 1));

  await manySans(dir, key);
  await rsa16384(dir);

  // Not files.
  execFileSync('mkfifo', [at('fifo')]);
  await mkdir(at('folder'));
  await symlink(at('loop-b'), at('loop-a'));
  await symlink(at('loop-a'), at('loop-b'));
  await symlink('/dev/zero', at('link-to-dev-zero'));
  // A name that is no UTF-8 (0xff 0xfe): Node can create it from bytes, but never name it in a string.
  await writeFile(Buffer.from([...Buffer.from(`${dir}/`), 0xff, 0xfe, 0x2e, 0x70, 0x65, 0x6d]), await readFile(at('client.pem')));
  // A name that carries terminal escapes (set the window title, turn text red).
  await writeFile(at('\x1b]0;pwned\x07\x1b[31mred.pem'), 'not a certificate');

  // Large.
  await bigFile(
    at('huge-50mb.pem'),
    50 * 1024 * 1024,
    '-----BEGIN CERTIFICATE-----\n',
    'QUFB'.repeat(16) + '\n',
    '-----END CERTIFICATE-----\n',
  );
  await bigFile(at('huge-50mb.json'), 50 * 1024 * 1024, '[{"name":"', 'A', '"}]');
  await bigFile(at('huge-50mb.conf'), 50 * 1024 * 1024, 'bridges.mqtt.cloud {\n  server = "mqtt-tcp://', 'a', '"\n}\n');
  await bigFile(at('huge-50mb.yaml'), 50 * 1024 * 1024, 'version: 2\ntarget: {host: 127.0.0.1, port: 1}\n# ', 'x', '\nrows: []\n');
  // Sparse: 70 MB of zeros that take no disk.
  const sparse = await open(at('huge-70mb.json'), 'w');
  await sparse.truncate(70 * 1024 * 1024);
  await sparse.close();
  const block = '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n';
  await writeFile(at('pem-15000-blocks.pem'), block.repeat(15_000));

  // 100,000 levels deep.
  const DEEP = 100_000;
  await writeFile(
    at('der-deep-100k.der'),
    Buffer.concat([Buffer.from('3080'.repeat(DEEP), 'hex'), Buffer.from('0000'.repeat(DEEP), 'hex')]),
  );
  await writeFile(
    at('export-deep-100k.keyhole.json'),
    `{"format":"keyhole-profiles","formatVersion":1,"profiles":${nested('[', ']', DEEP)}}`,
  );
  await writeFile(at('mqttx-deep-100k.json'), nested('[{"name":"c","isCollection":true,"children":', '}]', DEEP, '[]'));
  await writeFile(at('hocon-deep-100k.conf'), nested('a {\n', '}\n', DEEP));
  await writeFile(at('emqx-deep-100k.json'), `{"data":${nested('{"ssl":', '}', DEEP, '1')}}`);
  await writeFile(at('matrix-deep-100k.yaml'), `version: 2\ntarget: ${nested('[', ']', DEEP)}\nrows: []\n`);
  await writeFile(at('matrix-deep-100k.json'), `{"version":2,"target":${nested('{"a":', '}', DEEP, '1')},"rows":[]}`);
  await writeFile(at('store-deep-100k.json'), `{"schemaVersion":5,"profiles":${nested('[', ']', DEEP)}}`);
  await writeFile(at('command-deep-100k.sh'), `mosquitto_sub -h ${nested('$(', ')', 10_000)} -t x`);

  // Files that name the things above.
  const mqttx = (fields: Record<string, string>) =>
    JSON.stringify([{ id: 'm', name: 'M', host: '127.0.0.1', port: 8883, protocol: 'mqtts', ssl: true, certType: 'self', ...fields }]);
  await writeFile(at('mqttx-names-fifo.json'), mqttx({ ca: at('fifo'), cert: at('fifo'), key: at('fifo') }));
  await writeFile(at('mqttx-names-loop.json'), mqttx({ ca: at('loop-a'), cert: at('link-to-dev-zero'), key: at('loop-b') }));
  await writeFile(at('mqttx-names-key-as-ca.json'), mqttx({ ca: key }));
  await writeFile(
    at('mosquitto-cafile-fifo.conf'),
    `connection cloud\naddress 127.0.0.1:8883\nbridge_cafile ${at('fifo')}\nbridge_keyfile ${at('loop-a')}\n`,
  );
  await writeFile(
    at('matrix-row-fifo.yaml'),
    `version: 2\ntarget: {host: 127.0.0.1, port: 1, ca: [${at('fifo')}]}\nrows:\n  - {name: f, pfx: ${at('fifo')}}\n`,
  );
  await writeFile(
    at('matrix-row-pfx-mac-2e31.yaml'),
    `version: 2\ntarget: {host: 127.0.0.1, port: 1}\nrows:\n  - {name: costly, pfx: pfx-mac-2e31.p12, pfxPassword: hostile}\n`,
  );

  // Data folders whose profiles.json is hostile.
  for (const [name, content] of [
    ['store-fifo', 'fifo'],
    ['store-folder', 'folder'],
    ['store-garbage', 'store-garbage.json'],
    ['store-proto', 'store-proto.json'],
    ['store-future', 'store-future-version.json'],
    ['store-deep', 'store-deep-100k.json'],
  ] as const) {
    const d = at(name);
    await mkdir(d, { mode: 0o700 });
    const file = join(d, 'profiles.json');
    if (content === 'fifo') execFileSync('mkfifo', [file]);
    else if (content === 'folder') await mkdir(file);
    else await copyFile(existsSync(at(content)) ? at(content) : join(HOSTILE_FIXTURES, content), file);
  }

  const out = {} as Record<GeneratedFile, string>;
  for (const name of GENERATED_NAMES) out[name] = at(name);
  out['name-not-utf8'] = `${dir}/\ufffd\ufffd.pem`;
  out['name-escape'] = at('\x1b]0;pwned\x07\x1b[31mred.pem');
  return out;
}

/** A generated input, by the name the manifest uses. */
export type GeneratedFile = (typeof GENERATED_NAMES)[number];

/** Every generated entry, by the name the manifest uses. */
export const GENERATED_NAMES = [
  'key.pem',
  'key-truncated.pem',
  'key-pbkdf2-2e31.pem',
  'key-pbkdf2-2m.pem',
  'key-scrypt-2e30.pem',
  'client.pem',
  'pfx-mac-5m.p12',
  'pfx-mac-2e31.p12',
  'pfx-truncated.p12',
  'bundle.p12',
  'cert-10000-sans.pem',
  'rsa-16384.key',
  'rsa-16384.pem',
  'fifo',
  'folder',
  'loop-a',
  'link-to-dev-zero',
  'missing',
  'name-not-utf8',
  'name-escape',
  'huge-50mb.pem',
  'huge-50mb.json',
  'huge-50mb.conf',
  'huge-50mb.yaml',
  'huge-70mb.json',
  'pem-15000-blocks.pem',
  'der-deep-100k.der',
  'export-deep-100k.keyhole.json',
  'mqttx-deep-100k.json',
  'hocon-deep-100k.conf',
  'emqx-deep-100k.json',
  'matrix-deep-100k.yaml',
  'matrix-deep-100k.json',
  'store-deep-100k.json',
  'command-deep-100k.sh',
  'mqttx-names-fifo.json',
  'mqttx-names-loop.json',
  'mqttx-names-key-as-ca.json',
  'mosquitto-cafile-fifo.conf',
  'matrix-row-fifo.yaml',
  'matrix-row-pfx-mac-2e31.yaml',
  'store-fifo',
  'store-folder',
  'store-garbage',
  'store-proto',
  'store-future',
  'store-deep',
] as const;
