import type { CertSummary, ConnectReport } from '../../../shared/connect/report';
import { causeTitle, phaseLabel, verdictLabel } from './cause-text';
import { accessNotChecked, formatDate, formatMs, judgedClientCertificate, listedNotes } from './report-format';

/** A table cell: pipes and line breaks would end the cell or the row (GFM tables). */
function cell(value: unknown): string {
  const s = value === null || value === undefined || value === '' ? '–' : String(value);
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

const yesNo = (b: boolean | null | undefined): string => (b === null || b === undefined ? '–' : b ? 'yes' : 'no');

function certLine(c: CertSummary): string {
  return `${c.commonName ?? c.subject} (issuer ${c.issuerCommonName ?? c.issuer}, valid ${formatDate(c.validFrom)} → ${formatDate(c.validTo)}, SHA-256 ${c.fingerprint256})`;
}

/** The report as GitHub-flavoured Markdown, for pasting into a ticket. Pure: same report, same text. */
export function reportToMarkdown(report: ConnectReport): string {
  // Written in English whatever the interface language: it goes into tickets, beside the core's English explanation.
  const out: string[] = [];
  out.push(`# Keyhole connection report: ${verdictLabel(report.verdict, 'en')}`, '');
  out.push(
    `**${causeTitle(report.cause)}**${accessNotChecked(report) ? ', access not checked' : ''} (\`${report.cause}\`, phase \`${report.phase}\`)`,
    '',
  );
  out.push(...report.explanation.split('\n').map((l) => `> ${l}`));
  if (report.hint) out.push('>', `> **Hint:** ${report.hint}`);
  out.push('');
  out.push(
    ...table(
      ['Field', 'Value'],
      [
        ['Target', report.target.url],
        ['Address', report.target.address],
        ['Verdict', report.verdict],
        ['Started', formatDate(report.startedAt)],
        ['Duration', formatMs(report.durationMs)],
        ['Attempt', report.id],
      ],
    ),
    '',
  );

  if (report.warnings.length > 0) {
    out.push(`## Warnings (${report.warnings.length})`, '', ...report.warnings.map((w) => `- \`${w.code}\`: ${w.message}`), '');
  }
  const notes = listedNotes(report);
  if (notes.length > 0) {
    out.push('## Notes', '', ...notes.map((n) => `- \`${n.code}\`: ${n.message}`), '');
  }

  if (report.timeline.length > 0) {
    out.push(
      '## Timeline',
      '',
      ...table(
        ['Phase', 'Start', 'Duration', 'Result', 'Detail'],
        report.timeline.map((t) => [
          phaseLabel(t.phase, 'en'),
          formatMs(t.startMs),
          formatMs(t.endMs - t.startMs),
          t.ok ? 'ok' : 'failed',
          t.detail,
        ]),
      ),
      '',
    );
  }

  const tls = report.tls;
  if (tls) {
    out.push(
      '## TLS',
      '',
      ...table(
        ['Field', 'Value'],
        [
          ['Protocol', tls.protocol],
          ['Cipher', tls.cipher ? (tls.cipher.standardName ?? tls.cipher.name) : null],
          ['ALPN', tls.alpn],
          ['SNI sent', tls.sniSent],
          ['Verification', tls.verification],
          ['Broker certificate trusted', yesNo(tls.authorized)],
          ['Authorization error', tls.authorizationError],
          ['Host name matches', yesNo(tls.hostnameMatches)],
          ['Full verification would say', tls.verificationFinding],
          ['Client certificate requested', yesNo(tls.clientCertificateRequested)],
        ],
      ),
      '',
    );
    if (tls.peerChain.length > 0) {
      out.push(
        "## Broker's certificate chain",
        '',
        ...table(
          ['#', 'Subject', 'Issuer', 'Valid from', 'Valid to', 'Key', 'SHA-256'],
          tls.peerChain.map((c, i) => [
            i,
            c.commonName ?? c.subject,
            c.issuerCommonName ?? c.issuer,
            formatDate(c.validFrom),
            formatDate(c.validTo),
            c.keyType,
            c.fingerprint256,
          ]),
        ),
        '',
      );
    }
  }

  const mqtt = report.mqtt;
  out.push('## What we sent', '');
  out.push(`- Client certificate: ${sentLine(report)}`);
  if (mqtt) {
    out.push(
      `- MQTT version: ${mqtt.version}`,
      `- Client id: \`${mqtt.clientId}\``,
      `- Username: ${mqtt.username === null ? 'none' : `\`${mqtt.username}\``}`,
      `- Password sent: ${yesNo(mqtt.passwordSent)}`,
      `- Clean start: ${yesNo(mqtt.cleanStart)}, keepalive ${mqtt.keepalive} s`,
    );
  }
  out.push('');

  if (mqtt && mqtt.connackCode !== null) {
    out.push(
      '## CONNACK',
      '',
      ...table(
        ['Field', 'Value'],
        [
          ['Code', mqtt.connackCode],
          ['Name', mqtt.connackName],
          ['Reason string', report.evidence.connack?.reasonString],
          ['Session present', yesNo(mqtt.sessionPresent)],
        ],
      ),
      '',
    );
    if (mqtt.connackProperties && Object.keys(mqtt.connackProperties).length > 0) {
      out.push('```json', JSON.stringify(mqtt.connackProperties, null, 2), '```', '');
    }
  }

  const access = report.access;
  if (access) {
    out.push(
      '## Access check',
      '',
      ...table(
        ['Field', 'Value'],
        [
          ['Topic', access.topic],
          [
            'Subscribe',
            access.subscribe ? `${access.subscribe.granted ? 'granted' : 'denied'} (${access.subscribe.names.join(', ')})` : null,
          ],
          [
            'Publish',
            access.publish ? `${access.publish.ok ? 'ok' : 'denied'}${access.publish.name ? ` (${access.publish.name})` : ''}` : null,
          ],
          ['Echo received', access.echo ? `yes${access.echoMs === null ? '' : ` after ${formatMs(access.echoMs)}`}` : 'no'],
        ],
      ),
      '',
    );
  }

  out.push('## Evidence', '', '```json', JSON.stringify(report.evidence, null, 2), '```', '');
  return out.join('\n');
}

/** The report as pretty JSON, exactly the `ConnectReport` document. */
export function reportToJson(report: ConnectReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A file name for a saved report: `keyhole-report-<host>-<verdict>-<time>.<ext>`. */
export function reportFileName(report: ConnectReport, ext: 'md' | 'json'): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const host = report.target.host.replace(/[^a-zA-Z0-9.-]/g, '_');
  return `keyhole-report-${host}-${report.verdict}-${stamp}.${ext}`;
}

/** The client certificate line: as the broker judged it, only ready (TLS stopped first), or none. */
function sentLine(report: ConnectReport): string {
  const judged = judgedClientCertificate(report);
  if (judged) return certLine(judged);
  const ready = report.tls?.clientCertificate;
  return ready ? `not judged: the attempt stopped at TLS (${certLine(ready)} was ready)` : 'none';
}
