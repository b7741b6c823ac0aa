// A test PKI generated per run with the openssl CLI, independent of the project's own issuer, so
// that tests of certificate handling are checked against material the project did not make.
// `openssl ca` (with a tiny per-issuer config and database) is used for every issued
// certificate because it is the one tool that sets arbitrary validity dates and revokes.
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

export const KEY_PASSPHRASE = 'correct horse';
export const PFX_PASSWORD = 'p12-pass';
export const GOOD_CLIENT_CN = '346a004d-1dab-4016-bb38-03cca7094415';
export const BLOCKED_CLIENT_CN = 'blocked-device';
export const CA_CN = 'Keyhole Test CA';

/** One issued certificate: absolute paths to its PEM certificate and PEM (PKCS#8) key. */
export interface PkiCert {
  cert: string;
  key: string;
  commonName: string;
  keyType: 'RSA 2048' | 'EC P-256' | 'Ed25519';
  notBefore: Date;
  notAfter: Date;
}

export interface TestPki {
  dir: string;
  passphrase: string;
  pfxPassword: string;
  ca: PkiCert;
  /** A second root that nobody trusts. */
  foreignCa: PkiCert;
  /**
   * Same subject and key type as `ca` ("Keyhole Test CA", RSA), another key, and no subject key
   * identifier, so that only a signature check (not a name or key-id match) tells it from `ca`.
   */
  impostorCa: PkiCert;
  /** Issued by `ca`; issues `clientIntermediate`. */
  intermediate: PkiCert;
  server: PkiCert;
  serverWrongHost: PkiCert;
  serverExpired: PkiCert;
  serverNotYetValid: PkiCert;
  serverSelfSigned: PkiCert;
  clientGood: PkiCert;
  clientBlocked: PkiCert;
  clientExpired: PkiCert;
  clientNotYetValid: PkiCert;
  clientRevoked: PkiCert;
  clientForeign: PkiCert;
  clientNoEku: PkiCert;
  clientEd25519: PkiCert;
  /** Issued by `intermediate`; `chain` is leaf + intermediate in one PEM file. */
  clientIntermediate: PkiCert & { chain: string };
  /** PEM CRL of `ca`, listing `clientRevoked`. */
  crl: string;
  /** PEM CRL of `intermediate` (empty), for brokers that check CRLs along the whole chain. */
  intermediateCrl: string;
  /** Both CRLs in one PEM file. */
  crlBundle: string;
  /** `ca` certificate followed by its CRL, in one PEM file. */
  caWithCrl: string;
  /** `ca` and `intermediate` certificates in one PEM file. */
  caBundle: string;
  /** The same identity as `clientGood` in every encoding a user may bring. */
  clientGoodFormats: {
    certDer: string;
    keyPkcs8: string;
    keyPkcs1: string;
    keyPkcs8Encrypted: string;
    /** `-----BEGIN RSA PRIVATE KEY-----` with `Proc-Type: 4,ENCRYPTED` (AES-256-CBC). */
    keyLegacyEncrypted: string;
    keyDer: string;
    /** PKCS#12 with OpenSSL 3 defaults (PBES2, AES-256-CBC, SHA-256 MAC), leaf + CA. */
    pfx: string;
    /** PKCS#12 with RC2-40 / 3DES (`-legacy`); null when this openssl cannot write it. */
    pfxLegacy: string | null;
    /** Why `pfxLegacy` is null. */
    pfxLegacyUnavailable: string | null;
    /** PKCS#12 encrypted with RC4-128, which neither OpenSSL 3's default provider nor node-forge reads; null when unavailable. */
    pfxRc4: string | null;
  };
  /** `clientBlocked`'s EC key as SEC1 (`-----BEGIN EC PRIVATE KEY-----`). */
  clientBlockedKeySec1: string;
  /** `clientBlocked` (EC) as a legacy PKCS#12; null when this openssl cannot write it. */
  clientBlockedPfxLegacy: string | null;
  broken: {
    /** BEGIN/END lines intact, half of the base64 body missing. */
    truncatedCert: string;
    /** The first half of a PEM certificate: BEGIN without END. */
    unterminatedCert: string;
    /** Random bytes. */
    garbage: string;
    /** A private key that does not belong to `clientGood.cert` (it is `clientBlocked`'s). */
    mismatchedKey: string;
  };
}

type KeyKind = PkiCert['keyType'];
type Extension = 'root' | 'intermediate' | 'server' | 'client' | 'client-no-eku';

interface Issuer {
  config: string;
  cert: string;
  key: string;
  /** `openssl ca` rewrites its database on every call: one call per issuer at a time. */
  queue: Promise<unknown>;
}

const DAY_MS = 86_400_000;

/** Runs openssl without a shell; throws with its stderr on failure. */
async function openssl(args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('openssl', args, { cwd, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

/** UTCTime as `openssl ca -startdate/-enddate` takes it (valid for years 1950–2049). */
function utcTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    p(date.getUTCFullYear() % 100) +
    p(date.getUTCMonth() + 1) +
    p(date.getUTCDate()) +
    p(date.getUTCHours()) +
    p(date.getUTCMinutes()) +
    p(date.getUTCSeconds()) +
    'Z'
  );
}

/** The facts handed to tests are read back from the certificate, not from what was asked for. */
async function certFacts(cert: string, key: string, commonName: string, keyType: KeyKind): Promise<PkiCert> {
  const x509 = new X509Certificate(await readFile(cert));
  return { cert, key, commonName, keyType, notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
}

const EXTENSIONS: Record<Extension, string> = {
  root: ['basicConstraints = critical, CA:true', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'].join('\n'),
  intermediate: [
    'basicConstraints = critical, CA:true, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ].join('\n'),
  server: [
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ].join('\n'),
  client: [
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = clientAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ].join('\n'),
  'client-no-eku': [
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ].join('\n'),
};

/** Makes a fresh PKI under `dir` (created if missing) and returns absolute paths and facts. */
export async function makePki(dir: string): Promise<TestPki> {
  const root = resolve(dir);
  // Paths end up inside openssl config files, where these characters have a meaning.
  if (/[$\\"'#\n]/.test(root)) throw new Error(`makePki: unsupported characters in directory ${root}`);
  await mkdir(root, { recursive: true });
  const at = (name: string) => join(root, name);
  const now = new Date();
  const valid = { from: new Date(now.getTime() - DAY_MS), to: new Date(now.getTime() + 365 * DAY_MS) };
  const expired = { from: new Date(now.getTime() - 730 * DAY_MS), to: new Date(now.getTime() - 365 * DAY_MS) };
  const future = { from: new Date(now.getTime() + 365 * DAY_MS), to: new Date(now.getTime() + 730 * DAY_MS) };

  // `openssl req` reads only this file, never the system's openssl.cnf.
  const reqConfig = at('req.cnf');
  await writeFile(
    reqConfig,
    [
      '[ req ]',
      'distinguished_name = dn',
      'string_mask = utf8only',
      '[ dn ]',
      ...Object.entries(EXTENSIONS).flatMap(([name, body]) => [`[ ext_${name.replace(/-/g, '_')} ]`, body]),
      '[ ext_root_no_ski ]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = none',
      'authorityKeyIdentifier = none',
      '[ ext_self_server ]',
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'subjectKeyIdentifier = hash',
      'subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1',
      '',
    ].join('\n'),
  );

  const genKey = async (name: string, kind: KeyKind): Promise<string> => {
    const file = at(`${name}.key`);
    const algorithm =
      kind === 'RSA 2048'
        ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
        : kind === 'EC P-256'
          ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
          : ['-algorithm', 'ED25519'];
    await openssl(['genpkey', ...algorithm, '-out', file], root);
    return file;
  };

  const subject = (cn: string) => `/O=Keyhole Test/CN=${cn}`;

  const makeRoot = async (name: string, cn: string, kind: KeyKind, extensions = 'ext_root'): Promise<PkiCert> => {
    const key = await genKey(name, kind);
    const cert = at(`${name}.crt`);
    // A root's dates do not matter to any test; `req -x509` is the shortest way to a self-signed CA.
    await openssl(
      [
        'req',
        '-config',
        reqConfig,
        '-new',
        '-x509',
        '-key',
        key,
        '-subj',
        subject(cn),
        '-days',
        '3650',
        '-extensions',
        extensions,
        '-sha256',
        '-out',
        cert,
      ],
      root,
    );
    return certFacts(cert, key, cn, kind);
  };

  const makeIssuer = async (name: string, ca: PkiCert): Promise<Issuer> => {
    const home = at(`${name}-db`);
    await mkdir(join(home, 'issued'), { recursive: true });
    await writeFile(join(home, 'index.txt'), '');
    await writeFile(join(home, 'crlnumber'), '01\n');
    const config = join(home, 'ca.cnf');
    await writeFile(
      config,
      [
        '[ ca ]',
        'default_ca = issuer',
        '[ issuer ]',
        `dir = ${home}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir/issued',
        'serial = $dir/serial',
        'crlnumber = $dir/crlnumber',
        // Random serials: two runs (or two certificates) never share a serial number.
        'rand_serial = yes',
        'unique_subject = no',
        'default_md = sha256',
        'default_crl_days = 30',
        'policy = policy_any',
        'email_in_dn = no',
        'copy_extensions = none',
        '[ policy_any ]',
        'organizationName = optional',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    return { config, cert: ca.cert, key: ca.key, queue: Promise.resolve() };
  };

  const issue = async (
    issuer: Issuer,
    name: string,
    opts: { cn: string; kind: KeyKind; ext: Extension; san?: string; from?: Date; to?: Date },
  ): Promise<PkiCert> => {
    const key = await genKey(name, opts.kind);
    const csr = at(`${name}.csr`);
    await openssl(['req', '-config', reqConfig, '-new', '-key', key, '-subj', subject(opts.cn), '-out', csr], root);
    const extFile = at(`${name}.ext`);
    const sectionBody = EXTENSIONS[opts.ext] + (opts.san ? `\nsubjectAltName = ${opts.san}` : '');
    await writeFile(extFile, `[ ext ]\n${sectionBody}\n`);
    const cert = at(`${name}.crt`);
    const from = opts.from ?? valid.from;
    const to = opts.to ?? valid.to;
    const run = issuer.queue.then(() =>
      openssl(
        [
          'ca',
          '-batch',
          '-notext',
          '-config',
          issuer.config,
          '-cert',
          issuer.cert,
          '-keyfile',
          issuer.key,
          '-in',
          csr,
          '-out',
          cert,
          '-extfile',
          extFile,
          '-extensions',
          'ext',
          '-startdate',
          utcTime(from),
          '-enddate',
          utcTime(to),
        ],
        root,
      ),
    );
    issuer.queue = run.catch(() => undefined);
    await run;
    return certFacts(cert, key, opts.cn, opts.kind);
  };

  const [ca, foreignCa, impostorCa] = await Promise.all([
    makeRoot('ca', CA_CN, 'RSA 2048'),
    makeRoot('foreign-ca', 'Keyhole Foreign CA', 'EC P-256'),
    makeRoot('impostor-ca', CA_CN, 'RSA 2048', 'ext_root_no_ski'),
  ]);
  const [caIssuer, foreignIssuer] = await Promise.all([makeIssuer('ca', ca), makeIssuer('foreign-ca', foreignCa)]);
  const localSan = 'DNS:localhost, IP:127.0.0.1, IP:::1';

  const intermediateP = issue(caIssuer, 'intermediate', { cn: 'Keyhole Test Intermediate CA', kind: 'EC P-256', ext: 'intermediate' });
  const clientIntermediateP = intermediateP.then(async (intermediate) => {
    const issuer = await makeIssuer('intermediate', intermediate);
    const leaf = await issue(issuer, 'client-intermediate', { cn: 'intermediate-device', kind: 'EC P-256', ext: 'client' });
    const chain = at('client-intermediate.chain.pem');
    await writeFile(chain, (await readFile(leaf.cert, 'utf8')) + (await readFile(intermediate.cert, 'utf8')));
    const intermediateCrl = at('intermediate.crl.pem');
    await issuer.queue;
    await openssl(['ca', '-gencrl', '-config', issuer.config, '-cert', issuer.cert, '-keyfile', issuer.key, '-out', intermediateCrl], root);
    return { leaf: { ...leaf, chain }, intermediateCrl };
  });

  const selfSignedP = (async (): Promise<PkiCert> => {
    const key = await genKey('server-self-signed', 'EC P-256');
    const cert = at('server-self-signed.crt');
    await openssl(
      [
        'req',
        '-config',
        reqConfig,
        '-new',
        '-x509',
        '-key',
        key,
        '-subj',
        subject('localhost'),
        '-days',
        '365',
        '-extensions',
        'ext_self_server',
        '-sha256',
        '-out',
        cert,
      ],
      root,
    );
    return certFacts(cert, key, 'localhost', 'EC P-256');
  })();

  const [
    server,
    serverWrongHost,
    serverExpired,
    serverNotYetValid,
    serverSelfSigned,
    clientGood,
    clientBlocked,
    clientExpired,
    clientNotYetValid,
    clientRevoked,
    clientForeign,
    clientNoEku,
    clientEd25519,
    intermediate,
    intermediateDone,
  ] = await Promise.all([
    issue(caIssuer, 'server', { cn: 'localhost', kind: 'EC P-256', ext: 'server', san: localSan }),
    issue(caIssuer, 'server-wrong-host', { cn: 'wrong.example', kind: 'EC P-256', ext: 'server', san: 'DNS:wrong.example' }),
    issue(caIssuer, 'server-expired', { cn: 'localhost', kind: 'EC P-256', ext: 'server', san: localSan, ...expired }),
    issue(caIssuer, 'server-not-yet-valid', { cn: 'localhost', kind: 'EC P-256', ext: 'server', san: localSan, ...future }),
    selfSignedP,
    issue(caIssuer, 'client-good', { cn: GOOD_CLIENT_CN, kind: 'RSA 2048', ext: 'client' }),
    issue(caIssuer, 'client-blocked', { cn: BLOCKED_CLIENT_CN, kind: 'EC P-256', ext: 'client' }),
    issue(caIssuer, 'client-expired', { cn: 'expired-device', kind: 'EC P-256', ext: 'client', ...expired }),
    issue(caIssuer, 'client-not-yet-valid', { cn: 'future-device', kind: 'EC P-256', ext: 'client', ...future }),
    issue(caIssuer, 'client-revoked', { cn: 'revoked-device', kind: 'EC P-256', ext: 'client' }),
    issue(foreignIssuer, 'client-foreign', { cn: 'foreign-device', kind: 'EC P-256', ext: 'client' }),
    issue(caIssuer, 'client-no-eku', { cn: 'server-only-device', kind: 'EC P-256', ext: 'client-no-eku' }),
    issue(caIssuer, 'client-ed25519', { cn: 'ed25519-device', kind: 'Ed25519', ext: 'client' }),
    intermediateP,
    clientIntermediateP,
  ]);

  // Revocation and the CRL run after every issue on `ca`, through the same queue.
  const crl = at('ca.crl.pem');
  await caIssuer.queue;
  await openssl(
    ['ca', '-config', caIssuer.config, '-cert', ca.cert, '-keyfile', ca.key, '-revoke', clientRevoked.cert, '-crl_reason', 'keyCompromise'],
    root,
  );
  await openssl(['ca', '-gencrl', '-config', caIssuer.config, '-cert', ca.cert, '-keyfile', ca.key, '-out', crl], root);

  const pass = `pass:${KEY_PASSPHRASE}`;
  const pfxPass = `pass:${PFX_PASSWORD}`;
  const f = {
    certDer: at('client-good.crt.der'),
    keyPkcs8: clientGood.key,
    keyPkcs1: at('client-good.pkcs1.key'),
    keyPkcs8Encrypted: at('client-good.pkcs8-encrypted.key'),
    keyLegacyEncrypted: at('client-good.legacy-encrypted.key'),
    keyDer: at('client-good.key.der'),
    pfx: at('client-good.p12'),
  };
  const pfxLegacyPath = at('client-good.legacy.p12');
  const pfxRc4Path = at('client-good.rc4.p12');
  const clientBlockedKeySec1 = at('client-blocked.sec1.key');
  const pfxBase = [
    'pkcs12',
    '-export',
    '-in',
    clientGood.cert,
    '-inkey',
    clientGood.key,
    '-certfile',
    ca.cert,
    '-name',
    'client-good',
    '-passout',
    pfxPass,
  ];
  const optional = async (args: string[]): Promise<string | null> => {
    try {
      await openssl(args, root);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };

  const blockedLegacyPath = at('client-blocked.legacy.p12');
  const [, , , , , , , legacyError, rc4Error, blockedLegacyError] = await Promise.all([
    openssl(['x509', '-in', clientGood.cert, '-outform', 'DER', '-out', f.certDer], root),
    openssl(['rsa', '-in', clientGood.key, '-traditional', '-out', f.keyPkcs1], root),
    openssl(['pkcs8', '-topk8', '-in', clientGood.key, '-v2', 'aes-256-cbc', '-passout', pass, '-out', f.keyPkcs8Encrypted], root),
    openssl(['rsa', '-in', clientGood.key, '-aes256', '-traditional', '-passout', pass, '-out', f.keyLegacyEncrypted], root),
    // `openssl pkey -outform DER` writes PKCS#1 for RSA; PKCS#8 is what most tools hand out.
    openssl(['pkcs8', '-topk8', '-nocrypt', '-in', clientGood.key, '-outform', 'DER', '-out', f.keyDer], root),
    openssl([...pfxBase, '-out', f.pfx], root),
    openssl(['ec', '-in', clientBlocked.key, '-out', clientBlockedKeySec1], root),
    // `-legacy` loads OpenSSL 3's legacy provider for RC2-40 (certificates) and 3DES (key).
    optional([...pfxBase, '-legacy', '-out', pfxLegacyPath]),
    optional([...pfxBase, '-legacy', '-keypbe', 'PBE-SHA1-RC4-128', '-certpbe', 'PBE-SHA1-RC4-128', '-out', pfxRc4Path]),
    optional([
      'pkcs12',
      '-export',
      '-legacy',
      '-in',
      clientBlocked.cert,
      '-inkey',
      clientBlocked.key,
      '-name',
      'client-blocked',
      '-passout',
      pfxPass,
      '-out',
      blockedLegacyPath,
    ]),
  ]);

  const caPem = await readFile(ca.cert, 'utf8');
  const intermediatePem = await readFile(intermediate.cert, 'utf8');
  const crlPem = await readFile(crl, 'utf8');
  const intermediateCrlPem = await readFile(intermediateDone.intermediateCrl, 'utf8');
  const caWithCrl = at('ca-with-crl.pem');
  const caBundle = at('ca-bundle.pem');
  const crlBundle = at('crl-bundle.pem');
  await Promise.all([
    writeFile(caWithCrl, caPem + crlPem),
    writeFile(caBundle, caPem + intermediatePem),
    writeFile(crlBundle, crlPem + intermediateCrlPem),
  ]);

  // Broken material, derived from good files so that only the named defect differs.
  const goodPem = await readFile(clientGood.cert, 'utf8');
  const lines = goodPem.trim().split('\n');
  const body = lines.slice(1, -1);
  const truncatedCert = at('broken-truncated.crt');
  const unterminatedCert = at('broken-unterminated.crt');
  const garbage = at('broken-garbage.bin');
  await Promise.all([
    writeFile(truncatedCert, [lines[0], ...body.slice(0, Math.floor(body.length / 2)), lines[lines.length - 1], ''].join('\n')),
    writeFile(unterminatedCert, [lines[0], ...body.slice(0, Math.floor(body.length / 2)), ''].join('\n')),
    writeFile(garbage, randomBytes(700)),
  ]);

  // The good chains must verify with openssl itself, or every test built on them is meaningless.
  await Promise.all([
    openssl(['verify', '-CAfile', ca.cert, '-purpose', 'sslserver', server.cert, serverWrongHost.cert], root),
    openssl(
      [
        'verify',
        '-CAfile',
        ca.cert,
        '-purpose',
        'sslclient',
        '-crl_check',
        '-CRLfile',
        crl,
        clientGood.cert,
        clientBlocked.cert,
        clientEd25519.cert,
      ],
      root,
    ),
    openssl(['verify', '-CAfile', ca.cert, '-untrusted', intermediate.cert, '-purpose', 'sslclient', intermediateDone.leaf.cert], root),
    openssl(['verify', '-CAfile', foreignCa.cert, '-purpose', 'sslclient', clientForeign.cert], root),
  ]);
  const revokedCheck = await optional(['verify', '-CAfile', ca.cert, '-crl_check', '-CRLfile', crl, clientRevoked.cert]);
  if (revokedCheck === null) throw new Error('makePki: the CRL does not revoke clientRevoked');

  const legacyUnavailable = legacyError === null ? null : `openssl pkcs12 -legacy failed (legacy provider missing?): ${legacyError}`;
  return {
    dir: root,
    passphrase: KEY_PASSPHRASE,
    pfxPassword: PFX_PASSWORD,
    ca,
    foreignCa,
    impostorCa,
    intermediate,
    server,
    serverWrongHost,
    serverExpired,
    serverNotYetValid,
    serverSelfSigned,
    clientGood,
    clientBlocked,
    clientExpired,
    clientNotYetValid,
    clientRevoked,
    clientForeign,
    clientNoEku,
    clientEd25519,
    clientIntermediate: intermediateDone.leaf,
    crl,
    intermediateCrl: intermediateDone.intermediateCrl,
    crlBundle,
    caWithCrl,
    caBundle,
    clientGoodFormats: {
      ...f,
      pfxLegacy: legacyError === null ? pfxLegacyPath : null,
      pfxLegacyUnavailable: legacyUnavailable,
      pfxRc4: rc4Error === null ? pfxRc4Path : null,
    },
    clientBlockedKeySec1,
    clientBlockedPfxLegacy: blockedLegacyError === null ? blockedLegacyPath : null,
    broken: { truncatedCert, unterminatedCert, garbage, mismatchedKey: clientBlocked.key },
  };
}

/** Reads a file as UTF-8 text (PEM). Relative paths are an error: the PKI hands out absolute ones. */
/**
 * `openssl pkcs12 -export` of client-good's certificate and key into `out`, with the test CA
 * inside unless `withCa` is false. `options` come last, so an `-iter` or a cipher given there
 * is the one used.
 */
export function exportClientPkcs12(pki: TestPki, out: string, password: string, options: string[] = [], withCa = true): string {
  const ca = withCa ? ['-certfile', pki.ca.cert] : [];
  const args = ['pkcs12', '-export', '-in', pki.clientGood.cert, '-inkey', pki.clientGood.key, ...ca, '-passout', `pass:${password}`];
  execFileSync('openssl', [...args, ...options, '-out', out], { stdio: 'pipe' });
  return out;
}

export async function readPem(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new Error(`readPem: expected an absolute path, got ${path}`);
  return readFile(path, 'utf8');
}

/** Reads a file as bytes (DER, PKCS#12, or PEM as bytes). */
export async function readBytes(path: string): Promise<Uint8Array> {
  if (!isAbsolute(path)) throw new Error(`readBytes: expected an absolute path, got ${path}`);
  return new Uint8Array(await readFile(path));
}
