// `keyhole cert revoke`: marks certificates of the CA in --dir revoked and signs a new CRL.
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { RevocationReason } from '../../../shared/certs/issue';
import { revoke } from '../../core/certs/crl';
import { CERT_EXIT, UsageError } from '../exit-codes';
import { CA_FILES, loadCa, saveRecord, writeCrl } from './ca-folder';
import { action, collect, intFlag } from './cli-io';

interface RevokeFlags {
  dir: string;
  serial?: string[];
  cn?: string[];
  reason: RevocationReason;
  refresh?: boolean;
  crlDays: string;
  caPassphraseEnv?: string;
  json?: boolean;
}

export function revokeCommand(cert: Command): void {
  cert
    .command('revoke')
    .description("revoke certificates of the CA in --dir by serial or CN and write its CRL (crl.pem, crl.der) for the broker's crlfile")
    .requiredOption('--dir <folder>', 'the CA folder')
    .option('--serial <hex>', 'serial number to revoke (repeatable; colons and case ignored)', collect)
    .option('--cn <name>', 'revoke every certificate issued to this CN (repeatable)', collect)
    .addOption(new Option('--reason <reason>', 'RFC 5280 revocation reason').choices(RevocationReason.options).default('unspecified'))
    .option('--refresh', 'revoke nothing: only sign a fresh CRL (before the old one is due)')
    .option('--crl-days <n>', 'days until the CRL must be renewed (OpenSSL rejects every client once it is due)', '30')
    .option('--ca-passphrase-env <var>', "environment variable holding the CA key's passphrase")
    .option('--json', 'print what was revoked and the CRL as JSON')
    .action(action('revoke', (flags: RevokeFlags) => runRevoke(flags)));
}

async function runRevoke(flags: RevokeFlags): Promise<number> {
  const now = new Date();
  const targets = { serialNumbers: flags.serial ?? [], commonNames: flags.cn ?? [] };
  const nothing = targets.serialNumbers.length === 0 && targets.commonNames.length === 0;
  if (nothing && !flags.refresh) throw new UsageError('name what to revoke with --serial or --cn (or --refresh to re-sign the CRL only)');
  if (!nothing && flags.refresh) throw new UsageError('--refresh revokes nothing: leave out --serial and --cn');
  const crlDays = intFlag('--crl-days', flags.crlDays, 1, 3650) ?? 30;
  const ca = await loadCa(resolve(flags.dir), '--ca-passphrase-env', flags.caPassphraseEnv);
  let record = ca.record;
  let revoked: typeof ca.record.issued = [];
  let already: typeof ca.record.issued = [];
  if (!nothing) {
    const result = revoke(record, targets, now, flags.reason);
    if (!result.ok) throw new UsageError(result.error.message);
    record = result.value.record;
    revoked = result.value.revoked;
    already = result.value.alreadyRevoked;
  }
  const crl = await writeCrl(ca, record, now, crlDays);
  await saveRecord(ca.dir, crl.record);
  const files = { crlPem: join(ca.dir, CA_FILES.crlPem), crlDer: join(ca.dir, CA_FILES.crlDer) };
  const listed = crl.record.issued.filter((r) => r.revoked).length;
  if (flags.json) {
    console.log(JSON.stringify({ revoked, alreadyRevoked: already, crlNumber: crl.record.crlNumber, listed, files }, null, 2));
    return CERT_EXIT.ok;
  }
  for (const r of revoked) console.log(`revoked   ${r.commonName}  serial ${r.serialNumber}  (${r.profile}, ${flags.reason})`);
  for (const r of already) console.log(`already   ${r.commonName}  serial ${r.serialNumber}  revoked ${r.revoked?.at ?? ''}`);
  console.log(
    `CRL #${crl.record.crlNumber} of "${ca.record.commonName}" lists ${listed} certificate${listed === 1 ? '' : 's'}, due ${new Date(now.getTime() + crlDays * 86_400_000).toISOString()}: ${files.crlPem}, ${files.crlDer}`,
  );
  return CERT_EXIT.ok;
}
