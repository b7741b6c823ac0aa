// `keyhole cert lint`: a client (or broker) identity checked against its CA before any attempt.
import type { Command } from 'commander';
import { Option } from 'commander';
import { LintRole } from '../../../shared/certs/lint';
import { lintIdentity } from '../../core/certs/lint';
import type { IdentityMaterial } from '../../core/certs/material';
import { CERT_EXIT, UsageError } from '../exit-codes';
import { action, collect, intFlag, readInputFile, secretFromEnv } from './cli-io';

interface LintFlags {
  ca?: string[];
  cert?: string;
  key?: string;
  pfx?: string;
  passphraseEnv?: string;
  pfxPasswordEnv?: string;
  host?: string;
  role: LintRole;
  maxDays?: string;
  json?: boolean;
}

const MARK = { error: '✗', warning: '!', note: '·' } as const;

export function lintCommand(cert: Command): void {
  cert
    .command('lint')
    .description('check a certificate, its key and its CA together as brokers will (exit 0 no errors, 1 errors found)')
    .option('--ca <file>', 'CA certificate(s) the broker trusts (repeatable)', collect)
    .option('--cert <file>', 'the certificate (chain allowed)')
    .option('--key <file>', 'its private key')
    .option('--pfx <file>', 'a PKCS#12 bundle instead of --cert/--key')
    .option('--passphrase-env <var>', 'environment variable holding the key passphrase')
    .option('--pfx-password-env <var>', 'environment variable holding the PKCS#12 password')
    .option('--host <name>', "the host clients dial (checked against a broker certificate's SANs)")
    .addOption(
      new Option('--role <role>', 'whose certificate: a device (client) or a broker (server)').choices(LintRole.options).default('client'),
    )
    .option('--max-days <n>', 'warn when the certificate is valid for longer than this')
    .option('--json', 'print the LintReport as JSON')
    .action(action('lint', (flags: LintFlags) => runLint(flags)));
}

async function runLint(flags: LintFlags): Promise<number> {
  if (!flags.cert && !flags.pfx) throw new UsageError('give the certificate with --cert (and --key), or a PKCS#12 bundle with --pfx');
  if (flags.pfx && (flags.cert || flags.key)) throw new UsageError('give --pfx or --cert/--key, not both');
  const material: IdentityMaterial = { ca: [] };
  for (const path of flags.ca ?? []) material.ca.push(await readInputFile('--ca', path));
  if (flags.cert) material.cert = await readInputFile('--cert', flags.cert);
  if (flags.key) material.key = await readInputFile('--key', flags.key);
  if (flags.pfx) material.pfx = await readInputFile('--pfx', flags.pfx);
  const report = lintIdentity(
    material,
    {
      passphrase: secretFromEnv('--passphrase-env', flags.passphraseEnv),
      pfxPassword: secretFromEnv('--pfx-password-env', flags.pfxPasswordEnv),
    },
    { role: flags.role, host: flags.host, maxValidityDays: intFlag('--max-days', flags.maxDays, 1, 36_500) },
  );
  if (flags.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `lint ${report.role} certificate "${report.commonName ?? '?'}": ${report.counts.errors} error(s), ${report.counts.warnings} warning(s), ${report.counts.notes} note(s)`,
    );
    for (const f of report.findings) console.log(`  ${MARK[f.level]} ${f.level.padEnd(7)} ${f.code}: ${f.message}`);
    if (report.findings.length === 0) console.log('  ✓ nothing to report');
  }
  return report.counts.errors > 0 ? CERT_EXIT.errors : CERT_EXIT.ok;
}
