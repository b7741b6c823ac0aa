// How `keyhole profile from-config` / `from-command` print a profile read from a configuration
// or a command line: for people (a summary with what was mapped and left out) or as JSON. Neither
// ever holds a secret value: secrets are named by kind only.
import { brokerUrl } from '../../shared/connect/settings';
import { usesTls } from '../../shared/connect/transport';
import { CONFIG_FORMAT_LABELS } from '../../shared/profile/config-import';
import { SECRET_KIND_LABELS } from '../../shared/profile/transfer';
import type { ImportCandidate } from '../core/transfer/import-candidate';

/** The JSON form: settings, files, secret kinds, the mapping and the notes. */
export function candidateJson(c: ImportCandidate, saved?: { id: string; name: string; store: string }) {
  return {
    name: c.name,
    format: c.mapping?.format ?? null,
    section: c.mapping?.section ?? null,
    target: brokerUrl(c.settings.protocol, c.settings.host, c.settings.port, c.settings.path),
    settings: c.settings,
    files: c.fileStatus,
    secrets: { included: c.includedSecrets, missing: c.missingSecrets },
    mapped: c.mapping?.mapped ?? [],
    ignored: c.mapping?.ignored ?? [],
    notes: c.importNotes,
    ...(saved ? { saved } : {}),
  };
}

const at = (line?: number) => (line ? `line ${line}`.padEnd(9) : ''.padEnd(9));

/** The human form. */
export function formatCandidate(c: ImportCandidate, fileNotes: string[]): string {
  const s = c.settings;
  const j = candidateJson(c);
  const out: string[] = [`${c.name}  (${c.mapping ? CONFIG_FORMAT_LABELS[c.mapping.format] : 'import'})`];
  out.push(
    `  broker    ${j.target}  MQTT ${s.mqttVersion}  client id ${s.clientId || '(empty: the broker assigns one)'}${s.username ? `  username ${s.username}` : ''}`,
  );
  if (usesTls(s.protocol)) {
    const tls = [
      `verify ${s.verify}`,
      s.servername && `SNI ${s.servername}`,
      s.alpn?.length && `ALPN ${s.alpn.join(',')}`,
      (s.tlsMin || s.tlsMax) && `TLS ${s.tlsMin?.slice(4) ?? '1.2'}–${s.tlsMax?.slice(4) ?? '1.3'}`,
      s.useSystemCa && 'system trust store',
    ].filter(Boolean);
    out.push(`  tls       ${tls.join(', ')}`);
  }
  for (const [i, f] of c.fileStatus.entries())
    out.push(
      `  ${i === 0 ? 'files' : '     '}     ${f.status === 'included' ? '✓' : '✗'} ${f.slot.padEnd(5)}${f.fileName}${f.reason ? `  (${f.reason})` : ''}`,
    );
  const kinds = (list: typeof c.includedSecrets) => list.map((k) => SECRET_KIND_LABELS[k]).join(', ');
  if (c.includedSecrets.length) out.push(`  secrets   ${kinds(c.includedSecrets)} (stored sealed with --save, never printed)`);
  if (c.missingSecrets.length) out.push(`  missing   ${kinds(c.missingSecrets)}: enter in the app, or give to keyhole connect`);
  if (j.mapped.length) {
    out.push('', 'Mapped');
    for (const m of j.mapped) out.push(`  ${at(m.line)}${m.source.padEnd(24)} → ${m.target}`);
  }
  if (j.ignored.length) {
    out.push('', 'Left out');
    for (const m of j.ignored) out.push(`  ${at(m.line)}${m.source.padEnd(24)}   ${m.reason}`);
  }
  const notes = [...c.importNotes, ...fileNotes];
  if (notes.length) {
    out.push('', 'Notes');
    for (const n of notes) out.push(`  - ${n}`);
  }
  return `${out.join('\n')}\n`;
}
