// `keyhole cert inspect FILE…`: what each file holds, every field, and what is wrong with it.
import type { Command } from 'commander';
import { countFindings } from '../../../shared/certs/findings';
import type { InspectedInput, InspectedItem, InspectFinding } from '../../../shared/certs/inspect';
import { inspectInputs } from '../../core/certs/inspect';
import { CERT_EXIT } from '../exit-codes';
import { action, readInputFile, secretFromEnv } from './cli-io';
import { certificateLines } from './format-cert';

interface InspectFlags {
  passphraseEnv?: string;
  json?: boolean;
}

export function inspectCommand(cert: Command): void {
  cert
    .command('inspect')
    .description(
      'show what certificate files hold: certificates, chains, keys, CSRs, CRLs, PKCS#12 (PEM or DER; - reads stdin). Exit 1 when a file has errors',
    )
    .argument('<files...>', 'files to inspect together (a key is matched against every certificate given)')
    .option('--passphrase-env <var>', 'environment variable holding the passphrase of encrypted keys and PKCS#12 bundles')
    .option('--json', 'print the results as JSON (an array, one entry per file)')
    .action(action('inspect', (files: string[], flags: InspectFlags) => runInspect(files, flags)));
}

async function runInspect(paths: string[], flags: InspectFlags): Promise<number> {
  const passphrase = secretFromEnv('--passphrase-env', flags.passphraseEnv);
  const inputs = [];
  for (const path of paths) inputs.push(await readInputFile('file', path));
  const results = await inspectInputs(inputs, { passphrase });
  if (flags.json) console.log(JSON.stringify(results, null, 2));
  else console.log(results.map(formatInput).join('\n\n'));
  return results.some((r) => countFindings(r.findings).errors > 0) ? CERT_EXIT.errors : CERT_EXIT.ok;
}

const MARK = { error: '✗', warning: '!', note: '·' } as const;

function formatInput(input: InspectedInput): string {
  const lines = [
    `${input.name}  ${input.kind}${input.encoding === 'unknown' ? '' : ` (${input.encoding.toUpperCase()})`}: ${input.summary}`,
  ];
  input.items.forEach((item, i) => {
    if (input.items.length > 1 || item.kind !== 'certificate') lines.push(`  [${i + 1}] ${item.kind}`);
    lines.push(...itemLines(item));
    lines.push(...input.findings.filter((f) => f.item === i).map(findingLine));
  });
  if (input.chain && input.chain.links.length > 0) {
    lines.push(
      `  chain      ${input.chain.order}: ${input.chain.links.map((l) => `${l.child + 1}←${l.parent + 1} ${l.verifies ? '✓' : '✗'}`).join('  ')}`,
    );
  }
  if (input.chain?.anchor) lines.push(`  issued by  "${input.chain.anchor.commonName ?? '?'}" in ${input.chain.anchor.source}`);
  lines.push(...input.findings.filter((f) => f.item === undefined).map(findingLine));
  return lines.join('\n');
}

function findingLine(f: InspectFinding): string {
  return `  ${MARK[f.level]} ${f.level} ${f.code}: ${f.message}`;
}

function itemLines(item: InspectedItem): string[] {
  const row = (label: string, value: string) => `    ${label.padEnd(11)}${value}`;
  switch (item.kind) {
    case 'certificate':
      return certificateLines(item, '    ');
    case 'private-key':
      return [
        row('format', item.format),
        row('key', item.publicKey?.label ?? (item.unlocked ? '?' : 'locked (encrypted)')),
        ...(item.publicKey ? [row('SPKI', item.publicKey.fingerprint256)] : []),
        row(
          'matches',
          item.matches.length
            ? item.matches.map((m) => `"${m.commonName ?? '?'}" (${m.source})`).join(', ')
            : item.unlocked
              ? 'no certificate given'
              : 'unknown until unlocked',
        ),
      ];
    case 'public-key':
      return [row('key', item.publicKey.label), row('SPKI', item.publicKey.fingerprint256)];
    case 'csr':
      return [
        row('subject', item.subject.text),
        row('key', item.publicKey.label),
        row('signature', `${item.signatureAlgorithm} (${item.signatureValid ? 'valid' : 'INVALID'})`),
        ...(item.subjectAltNames.length ? [row('SAN', item.subjectAltNames.join(', '))] : []),
        ...(item.extKeyUsage.length ? [row('ext. usage', item.extKeyUsage.join(', '))] : []),
      ];
    case 'crl':
      return [
        row('issuer', item.issuer.text),
        row('updated', `${item.thisUpdate}, next ${item.nextUpdate ?? 'not set'} (${item.status})`),
        row('number', item.crlNumber ?? 'none'),
        row(
          'signature',
          `${item.signatureAlgorithm}${item.verifiedBy ? `, verified by "${item.verifiedBy.commonName ?? '?'}" (${item.verifiedBy.source})` : ''}`,
        ),
        row('revoked', item.revoked.length === 0 ? 'none' : `${item.revoked.length}`),
        ...item.revoked.slice(0, 20).map((r) => row('', `${r.serialNumber}  ${r.revokedAt}${r.reason ? `  ${r.reason}` : ''}`)),
        ...(item.revoked.length > 20 ? [row('', `… and ${item.revoked.length - 20} more`)] : []),
      ];
    case 'pkcs12':
      return [
        row('protection', item.encryption.join('; ') || 'unknown'),
        row('MAC', item.mac ?? 'none'),
        row('opened', item.unlocked ? `yes: ${item.certificateCount ?? 0} certificate(s)${item.hasKey ? ', a key' : ''}` : 'no'),
      ];
    default: {
      const never: never = item;
      return never;
    }
  }
}
