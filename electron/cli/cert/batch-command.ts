// `keyhole cert batch`: N devices from the CA in --dir, one device one secret, with a manifest,
// a Redis script and a matrix file; a progress bar while it runs, the rate at the end.
import { join, resolve } from 'node:path';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../../core/certs/bounded-read';
import { Command, Option } from 'commander';
import { PasswordHash } from '../../../shared/certs/batch';
import { KeyAlgorithm } from '../../../shared/certs/issue';
import { BATCH_FILES, runBatch } from '../../core/certs/batch';
import { namesFromList } from '../../core/certs/batch-names';
import { withIssued } from '../../core/certs/crl';
import { CERT_EXIT, RunError, UsageError } from '../exit-codes';
import { loadCa, saveRecord } from './ca-folder';
import { action, intFlag, validityFrom, validityOptions, writeOutput, type ValidityFlags } from './cli-io';
import { ProgressBar } from './progress';

interface BatchFlags extends ValidityFlags {
  dir: string;
  out: string;
  count?: string;
  cnPattern: string;
  names?: string;
  key: KeyAlgorithm;
  passwordLength: string;
  redisPrefix: string;
  redisPasswordField: string;
  redisSaltField: string;
  hash: PasswordHash;
  bcryptRounds: string;
  matrixHost: string;
  matrixPort: string;
  pfx?: boolean;
  concurrency: string;
  caPassphraseEnv?: string;
  force?: boolean;
  json?: boolean;
}

export function batchCommand(cert: Command): void {
  const command = cert
    .command('batch')
    .description(
      'issue many device certificates, each with its own password: certs/, keys/ (0600), manifest.csv, redis-commands.txt, matrix.json',
    )
    .requiredOption('--dir <folder>', 'the CA folder')
    .requiredOption('--out <folder>', 'folder for the batch (created)')
    .option('--count <n>', 'how many devices (with --cn-pattern)')
    .option('--cn-pattern <pattern>', 'CN of each device: {n} its number (device-001), {uuid} a random UUID', 'device-{n}')
    .option('--names <file>', 'CNs from a text file (one per line) or a CSV (column cn, or the first)')
    .addOption(new Option('--key <type>', 'key type of the devices').choices(KeyAlgorithm.options).default('ec-p256'))
    .option('--password-length <n>', 'characters per generated password', '24')
    .option('--redis-prefix <prefix>', 'Redis key prefix: HSET <prefix><CN> …', 'tls_domain:')
    .option('--redis-password-field <field>', 'hash field of the password', 'password')
    .option('--redis-salt-field <field>', 'hash field of the salt (salted hashes)', 'salt')
    .addOption(new Option('--hash <how>', 'how passwords are stored in Redis').choices(PasswordHash.options).default('plain'))
    .option('--bcrypt-rounds <n>', 'bcrypt cost', '10')
    .option('--matrix-host <host>', 'broker host written into matrix.json', '127.0.0.1')
    .option('--matrix-port <port>', 'broker port written into matrix.json', '8883')
    .option('--pfx', "also write a PKCS#12 bundle per device (pfx/, protected by the device's password)")
    .option('--concurrency <n>', 'devices issued at once', '4')
    .option('--ca-passphrase-env <var>', "environment variable holding the CA key's passphrase")
    .option('--force', 'write into an existing batch folder, overwriting files');
  validityOptions(command, 365)
    .option('--json', 'print the summary as JSON')
    .action(action('batch', (flags: BatchFlags) => runBatchCommand(flags)));
}

async function runBatchCommand(flags: BatchFlags): Promise<number> {
  const now = new Date();
  if ((flags.count === undefined) === (flags.names === undefined)) throw new UsageError('give --count (with --cn-pattern) or --names FILE');
  let names: string[] | undefined;
  if (flags.names) {
    const read = await readBoundedFile(flags.names, MAX_DOCUMENT_BYTES);
    if (!read.ok) throw new UsageError(`cannot read --names: ${read.error.message}`);
    const text = read.value.toString('utf8');
    const parsed = namesFromList(text);
    if (!parsed.ok) throw new UsageError(`--names ${flags.names}: ${parsed.error.message}`);
    names = parsed.value;
  }
  const request = {
    count: intFlag('--count', flags.count, 1, 1_000_000),
    cnPattern: flags.cnPattern,
    names,
    key: flags.key,
    validity: validityFrom(flags, 365, now),
    passwordLength: intFlag('--password-length', flags.passwordLength, 8, 128) ?? 24,
    redis: {
      keyPrefix: flags.redisPrefix,
      passwordField: flags.redisPasswordField,
      saltField: flags.redisSaltField,
      hash: flags.hash,
      bcryptRounds: intFlag('--bcrypt-rounds', flags.bcryptRounds, 4, 15) ?? 10,
    },
    matrix: { host: flags.matrixHost, port: intFlag('--matrix-port', flags.matrixPort, 1, 65535) ?? 8883 },
    pkcs12: Boolean(flags.pfx),
  };
  const concurrency = intFlag('--concurrency', flags.concurrency, 1, 64) ?? 4;
  const ca = await loadCa(resolve(flags.dir), '--ca-passphrase-env', flags.caPassphraseEnv);
  const out = resolve(flags.out);
  const bar = new ProgressBar('issuing');
  const result = await runBatch(
    request,
    ca.signer,
    (file) => writeOutput(join(out, file.path), file.contents, { secret: file.secret, force: Boolean(flags.force) }),
    {
      onProgress: (p) => bar.update(p),
      concurrency,
      now,
    },
  );
  bar.finish();
  if (!result.ok) {
    if (result.error.code === 'request-invalid' || result.error.code === 'names-invalid') throw new UsageError(result.error.message);
    throw new RunError(`${result.error.message} (${result.error.done} devices were written to ${out})`);
  }
  await saveRecord(ca.dir, withIssued(ca.record, result.value.issued));
  const s = result.value.summary;
  if (flags.json) {
    console.log(
      JSON.stringify({ ...s, out, files: Object.fromEntries(Object.entries(BATCH_FILES).map(([k, v]) => [k, join(out, v)])) }, null, 2),
    );
  } else {
    console.log(`${s.count} devices (${s.keyAlgorithm}) in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.rate.toFixed(0)} devices/s`);
    console.log(`  ${'certificates'.padEnd(19)}${join(out, 'certs')}/`);
    console.log(`  ${'keys'.padEnd(19)}${join(out, 'keys')}/ (0600)`);
    for (const file of [s.manifestFile, s.redisFile, s.matrixFile, s.caFile]) console.log(`  ${file.padEnd(19)}${join(out, file)}`);
    console.log(`  load into Redis: redis-cli < ${join(out, s.redisFile)}`);
  }
  return CERT_EXIT.ok;
}
