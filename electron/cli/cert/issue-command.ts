// `keyhole cert issue`: a broker (server) or device (client) certificate from the CA in --dir.
import { Buffer } from 'node:buffer';
import type { X509Certificate } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { KeyAlgorithm } from '../../../shared/certs/issue';
import { certificateDetails } from '../../core/certs/cert-details';
import { parseCertificates } from '../../core/certs/certificates';
import { withIssued } from '../../core/certs/crl';
import { issueCertificate } from '../../core/certs/issue';
import { privateKeyPem } from '../../core/certs/keys';
import { writePkcs12 } from '../../core/certs/pkcs12-write';
import { fileStems } from '../../core/certs/batch-names';
import { isSelfSigned } from '../../core/certs/summary';
import { CERT_EXIT, RunError, UsageError } from '../exit-codes';
import { loadCa, saveRecord } from './ca-folder';
import { action, collect, secretFromEnv, validityFrom, validityOptions, writeOutput, type ValidityFlags } from './cli-io';
import { certificateLines } from './format-cert';

interface IssueFlags extends ValidityFlags {
  dir: string;
  type: 'client' | 'server';
  cn: string;
  org?: string;
  ou?: string;
  country?: string;
  dns?: string[];
  ip?: string[];
  crlUrl?: string[];
  key: KeyAlgorithm;
  out?: string;
  name?: string;
  keyPassphraseEnv?: string;
  pfx?: boolean;
  pfxPasswordEnv?: string;
  caPassphraseEnv?: string;
  force?: boolean;
  json?: boolean;
}

export function issueCommand(cert: Command): void {
  const command = cert
    .command('issue')
    .description(
      'issue a device (client) or broker (server) certificate from the CA in --dir; writes NAME.pem, NAME-key.pem (0600) and, with --pfx, NAME.p12',
    )
    .requiredOption('--dir <folder>', 'the CA folder (made with keyhole cert ca)')
    .addOption(
      new Option('--type <type>', 'client: clientAuth, for devices; server: serverAuth and SANs, for brokers')
        .choices(['client', 'server'])
        .default('client'),
    )
    .requiredOption('--cn <name>', 'common name (a device: its identity; a broker: its host name)')
    .option('--org <name>', 'organization (O)')
    .option('--ou <name>', 'organizational unit (OU)')
    .option('--country <cc>', 'two-letter country (C)')
    .option('--dns <name>', 'DNS name for the subjectAltName (repeatable)', collect)
    .option('--ip <address>', 'IP address for the subjectAltName (repeatable)', collect)
    .option('--crl-url <url>', 'CRL distribution point URL (repeatable)', collect)
    .addOption(new Option('--key <type>', 'key type').choices(KeyAlgorithm.options).default('ec-p256'))
    .option('--out <folder>', 'where to write the files (default: <dir>/issued)')
    .option('--name <stem>', 'file name stem (default: from the CN)')
    .option('--key-passphrase-env <var>', 'environment variable holding a passphrase to encrypt the key with (encrypted PKCS#8)')
    .option('--pfx', 'also write a PKCS#12 bundle (key, certificate, CA chain)')
    .option('--pfx-password-env <var>', 'environment variable holding the PKCS#12 password (default: the key passphrase)')
    .option('--ca-passphrase-env <var>', "environment variable holding the CA key's passphrase (else asked on a terminal)")
    .option('--force', 'overwrite existing files');
  validityOptions(command, 365)
    .option('--json', 'print the certificate as JSON')
    .action(action('issue', (flags: IssueFlags) => runIssue(flags)));
}

async function runIssue(flags: IssueFlags): Promise<number> {
  const now = new Date();
  const validity = validityFrom(flags, 365, now);
  const keyPassphrase = secretFromEnv('--key-passphrase-env', flags.keyPassphraseEnv);
  const pfxPassword = secretFromEnv('--pfx-password-env', flags.pfxPasswordEnv) ?? keyPassphrase;
  if (flags.pfxPasswordEnv && !flags.pfx) throw new UsageError('--pfx-password-env needs --pfx');
  if (flags.pfx && pfxPassword === undefined) throw new UsageError('--pfx needs a password: --pfx-password-env or --key-passphrase-env');
  const ca = await loadCa(resolve(flags.dir), '--ca-passphrase-env', flags.caPassphraseEnv);
  // A broker certificate is checked against the host clients dial: with no SAN given, its CN is it.
  const dnsNames = flags.dns ?? (flags.type === 'server' && !flags.ip ? [flags.cn] : []);
  const made = await issueCertificate(
    {
      profile: flags.type,
      subject: { commonName: flags.cn, organization: flags.org, organizationalUnit: flags.ou, country: flags.country },
      key: flags.key,
      validity,
      dnsNames,
      ipAddresses: flags.ip ?? [],
      crlUrls: flags.crlUrl ?? [],
    },
    ca.signer,
    now,
  );
  if (!made.ok)
    throw made.error.code === 'request-invalid' || made.error.code.startsWith('san')
      ? new UsageError(made.error.message)
      : new RunError(made.error.message);
  const issued = made.value;
  const out = resolve(flags.out ?? join(ca.dir, 'issued'));
  const stem = flags.name ?? fileStems([flags.cn])[0] ?? 'certificate';
  // What TLS sends: the leaf and the intermediates above it, never the root (RFC 8446 §4.4.2).
  const above = caChain(ca.chainPem);
  const intermediates = above.filter((c) => !isSelfSigned(c));
  const files: Record<string, string> = { cert: join(out, `${stem}.pem`), key: join(out, `${stem}-key.pem`) };
  await writeOutput(files.cert as string, [issued.certificate, ...intermediates].map((c) => c.toString()).join(''), {
    secret: false,
    force: Boolean(flags.force),
  });
  await writeOutput(files.key as string, privateKeyPem(issued.key, keyPassphrase), { secret: true, force: Boolean(flags.force) });
  if (flags.pfx && pfxPassword !== undefined) {
    files.pfx = join(out, `${stem}.p12`);
    const chain = [issued.certificate, ...above];
    await writeOutput(files.pfx, writePkcs12({ key: issued.key, chain, password: pfxPassword, friendlyName: flags.cn }), {
      secret: true,
      force: Boolean(flags.force),
    });
  }
  await saveRecord(ca.dir, withIssued(ca.record, [issued.record]));
  const details = certificateDetails(issued.certificate, now);
  if (flags.json) {
    console.log(JSON.stringify({ certificate: details, keyEncrypted: Boolean(keyPassphrase), files }, null, 2));
  } else {
    console.log(`${flags.type} certificate "${flags.cn}" issued by "${ca.record.commonName}"`);
    for (const line of certificateLines(details)) console.log(line);
    console.log(`  files      ${Object.values(files).join(', ')}`);
  }
  return CERT_EXIT.ok;
}

/** The CA's certificate and those above it, from its chain file. */
export function caChain(chainPem: string): X509Certificate[] {
  const parsed = parseCertificates({ name: 'chain.pem', bytes: Buffer.from(chainPem) }, 'ca-invalid');
  if (!parsed.ok) throw new RunError(parsed.error.message);
  return parsed.value;
}
