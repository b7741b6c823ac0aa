// `keyhole cert ca`: a root CA (or, with --parent, an intermediate) in a folder of its own.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { KeyAlgorithm } from '../../../shared/certs/issue';
import { certificateDetails } from '../../core/certs/cert-details';
import { newCaRecord, withIssued } from '../../core/certs/crl';
import { issueCertificate, prepareIssuer } from '../../core/certs/issue';
import { privateKeyPem } from '../../core/certs/keys';
import { CERT_EXIT, RunError, UsageError } from '../exit-codes';
import { CA_FILES, loadCa, saveRecord, writeCrl } from './ca-folder';
import { action, intFlag, secretFromEnv, validityFrom, validityOptions, writeOutput, type ValidityFlags } from './cli-io';
import { certificateLines } from './format-cert';

interface CaFlags extends ValidityFlags {
  dir: string;
  cn: string;
  org?: string;
  country?: string;
  key: KeyAlgorithm;
  pathlen?: string;
  passphraseEnv?: string;
  parent?: string;
  parentPassphraseEnv?: string;
  crlDays: string;
  json?: boolean;
}

export function caCommand(cert: Command): void {
  const command = cert
    .command('ca')
    .description('create a CA in its own folder: ca.pem, ca-key.pem (0600), ca.json (what it issues), crl.pem/crl.der')
    .requiredOption('--dir <folder>', 'folder for the CA (created; must not hold a CA yet)')
    .requiredOption('--cn <name>', 'common name of the CA')
    .option('--org <name>', 'organization (O)')
    .option('--country <cc>', 'two-letter country (C)')
    .addOption(new Option('--key <type>', 'key type').choices(KeyAlgorithm.options).default('ec-p256'))
    .option('--pathlen <n>', 'how many intermediate CAs may follow (default: no limit for a root, 0 for an intermediate)')
    .option('--passphrase-env <var>', "environment variable holding a passphrase to encrypt the CA's key with")
    .option('--parent <folder>', 'make an intermediate CA, signed by the CA in this folder')
    .option('--parent-passphrase-env <var>', "environment variable holding the parent CA key's passphrase")
    .option('--crl-days <n>', 'days until the first CRL must be renewed', '30');
  validityOptions(command, 3650)
    .option('--json', 'print the CA as JSON')
    .action(action('ca', (flags: CaFlags) => runCa(flags)));
}

async function runCa(flags: CaFlags): Promise<number> {
  const now = new Date();
  const dir = resolve(flags.dir);
  if (await exists(join(dir, CA_FILES.record)))
    throw new UsageError(`${dir} holds a CA already (${CA_FILES.record}); choose another folder`);
  const validity = validityFrom(flags, 3650, now);
  const passphrase = secretFromEnv('--passphrase-env', flags.passphraseEnv);
  const crlDays = intFlag('--crl-days', flags.crlDays, 1, 3650) ?? 30;
  const parent = flags.parent ? await loadCa(resolve(flags.parent), '--parent-passphrase-env', flags.parentPassphraseEnv) : null;
  const made = await issueCertificate(
    {
      profile: parent ? 'intermediate' : 'ca',
      subject: { commonName: flags.cn, organization: flags.org, country: flags.country },
      key: flags.key,
      validity,
      pathLength: intFlag('--pathlen', flags.pathlen, 0, 16) ?? null,
    },
    parent?.signer ?? null,
    now,
  );
  if (!made.ok) throw made.error.code === 'request-invalid' ? new UsageError(made.error.message) : new RunError(made.error.message);
  const ca = made.value;
  await writeOutput(join(dir, CA_FILES.key), privateKeyPem(ca.key, passphrase), { secret: true, force: false });
  await writeOutput(join(dir, CA_FILES.cert), ca.certPem, { secret: false, force: false });
  if (parent) {
    await writeOutput(join(dir, CA_FILES.chain), ca.certPem + parent.chainPem, { secret: false, force: false });
    await saveRecord(parent.dir, withIssued(parent.record, [ca.record]));
  }
  const signer = await prepareIssuer({ certificate: ca.certificate, key: ca.key });
  if (!signer.ok) throw new RunError(signer.error.message);
  const record = newCaRecord(ca, passphrase !== undefined && passphrase !== '');
  const loaded = { dir, certificate: ca.certificate, key: ca.key, record, signer: signer.value, chainPem: ca.certPem };
  const crl = await writeCrl(loaded, record, now, crlDays);
  await saveRecord(dir, crl.record);
  const details = certificateDetails(ca.certificate, now);
  const files = {
    cert: join(dir, CA_FILES.cert),
    key: join(dir, CA_FILES.key),
    record: join(dir, CA_FILES.record),
    crl: join(dir, CA_FILES.crlPem),
    ...(parent ? { chain: join(dir, CA_FILES.chain) } : {}),
  };
  if (flags.json) {
    console.log(JSON.stringify({ certificate: details, keyEncrypted: record.keyEncrypted, files }, null, 2));
  } else {
    console.log(`${parent ? 'intermediate CA' : 'CA'} "${flags.cn}" created in ${dir}`);
    for (const line of certificateLines(details)) console.log(line);
    console.log(`  files      ${Object.values(files).join(', ')}`);
    console.log(
      `  key        ${record.keyEncrypted ? 'encrypted (PKCS#8, AES-256-CBC)' : 'not encrypted: protect the folder, or use --passphrase-env'}`,
    );
  }
  return CERT_EXIT.ok;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
