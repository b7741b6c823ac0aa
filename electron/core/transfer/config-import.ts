/**
 * Profiles from what users already have: a broker's bridge configuration (NanoMQ HOCON or its
 * older flat lines, a mosquitto.conf `connection` section, an EMQX connector as HOCON or as the
 * JSON its API returns) or a command line (mosquitto_pub / mosquitto_sub, MQTTX CLI, openssl
 * s_client, keyhole connect). The format is recognised from the text itself; each profile comes
 * with what was mapped, what was left out and why, and which named files could not be read. A
 * malformed text is refused with its line and column, and nothing is made of it.
 */
import { CONFIG_FORMAT_LABELS } from '../../../shared/profile/config-import';
import { err, ok, type Result } from '../../../shared/result';
import { findBridges, mapBridge, type BridgeSource } from './bridge-config';
import { flatBridges } from './bridge-flat';
import { mapMosquittoBridge, mosquittoBridges } from './bridge-mosquitto';
import { mapKeyholeCommand } from './command-keyhole';
import { readCommandLine } from './command-line';
import { mapMosquittoCommand } from './command-mosquitto';
import { mapMqttxCommand } from './command-mqttx';
import { mapOpensslCommand } from './command-openssl';
import { parseKeyValueLines, parseMosquittoConf } from './config-lines';
import { parseHocon, type HoconSyntaxError } from './hocon';
import type { ImportCandidate, ImportFailure, ParsedImport } from './import-candidate';
import { buildCandidate, type ProfileBuilder, type SourceReadOptions } from './profile-builder';

export interface ConfigImportOptions extends SourceReadOptions {
  /** Only this bridge (or connection, or connector) of a configuration with several. */
  bridge?: string;
}

/** How the text was recognised. */
export type SourceKind = 'command' | 'mosquitto' | 'flat' | 'hocon';

const KIND_LABELS: Record<SourceKind, string> = {
  command: 'a command line',
  mosquitto: 'a mosquitto.conf',
  flat: 'flat bridge.mqtt.* lines',
  hocon: 'HOCON (NanoMQ, EMQX) or JSON',
};

const COMMAND =
  /^\s*(?:\$\s+)?(?:(?:sudo|env|exec|time|nohup|command)\s+|[A-Za-z_]\w*=\S*\s+)*(?:\S*[\\/])?(?:mosquitto_(?:pub|sub|rr)|mqttx|openssl\s+s_client|keyhole(?:\.mjs)?|npx\s+keyhole|node\s+\S*keyhole\S*)(?:\s|$)/;
const MOSQUITTO = /^\s*(connection|address|addresses|bridge_[a-z_0-9]+|remote_(clientid|username|password))\s+\S/;
const FLAT = /^\s*bridge\.mqtt\.[\w.$-]+\s*=/;

/** Which reader the text is for. */
export function detectSource(text: string): SourceKind {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^\s*(#|\/\/)/.test(l));
  if (lines.some((l) => COMMAND.test(l))) return 'command';
  // `word -x …` or `word --xy …` on the first line is a command line no other format looks like.
  if (/^\s*(\$\s+)?[\w./-]+\s+--?[A-Za-z]/.test(lines[0] ?? '')) return 'command';
  const braces = /[{}]/.test(text.replace(/\$\{[^}\n]*\}/g, ''));
  if (!braces && lines.some((l) => MOSQUITTO.test(l))) return 'mosquitto';
  if (!braces && lines.some((l) => FLAT.test(l))) return 'flat';
  return 'hocon';
}

const located = (kind: SourceKind, e: HoconSyntaxError): ImportFailure => ({
  kind: 'invalid-file',
  message: `Line ${e.line}, column ${e.column}: ${e.message} (read as ${KIND_LABELS[kind]})`,
  at: { line: e.line, column: e.column },
});
const invalid = (message: string): ImportFailure => ({ kind: 'invalid-file', message });

/** Reads a configuration or a command line into profiles to add. */
export async function parseConfigText(text: string, options: ConfigImportOptions = {}): Promise<Result<ParsedImport, ImportFailure>> {
  if (text.trim() === '') return err(invalid('The text is empty: paste a bridge configuration or a command line.'));
  const kind = detectSource(text);
  const made = kind === 'command' ? fromCommand(text) : fromConfig(kind, text);
  if (!made.ok) return err(located(kind, made.error));
  const { builders, notes } = made.value;
  let chosen = builders;
  if (options.bridge !== undefined) {
    chosen = builders.filter((b) => b.section === options.bridge);
    if (!chosen.length)
      return err(
        invalid(
          `There is no bridge named "${options.bridge}" here; the configuration has ${builders.map((b) => `"${b.section}"`).join(', ')}.`,
        ),
      );
  }
  const candidates: ImportCandidate[] = [];
  for (const [i, b] of chosen.entries()) {
    const built = await buildCandidate(b, `c${i}`, options);
    if (built.ok) candidates.push(built.value);
    else notes.push(`${b.section ? `The bridge "${b.section}"` : 'The command'} was skipped: ${built.error}`);
  }
  if (!candidates.length) return err(invalid(notes.join(' ') || 'Nothing in the text describes a connection.'));
  return ok({
    source: kind === 'command' ? 'command' : 'config',
    encrypted: false,
    secretsSkipped: false,
    exportedAt: null,
    candidates,
    notes,
  });
}

type Made = Result<{ builders: ProfileBuilder[]; notes: string[] }, HoconSyntaxError>;

function fromCommand(text: string): Made {
  const cmd = readCommandLine(text);
  if (!cmd.ok) return cmd;
  const c = cmd.value;
  const mapped =
    c.tool === 'mosquitto'
      ? mapMosquittoCommand(c)
      : c.tool === 'mqttx'
        ? mapMqttxCommand(c)
        : c.tool === 'openssl'
          ? mapOpensslCommand(c)
          : mapKeyholeCommand(c);
  if (!mapped.ok) return mapped;
  const notes = c.skipped.length ? [`Only the ${c.program} command was read; also in the text: ${c.skipped.join('; ')}.`] : [];
  return ok({ builders: [mapped.value], notes });
}

function fromConfig(kind: Exclude<SourceKind, 'command'>, text: string): Made {
  const notes: string[] = [];
  const other = (n: number, what: string) => {
    if (n) notes.push(`${n} line${n > 1 ? 's' : ''} outside the bridge${what} were not read: they configure the broker itself.`);
  };
  if (kind === 'mosquitto') {
    const lines = parseMosquittoConf(text);
    if (!lines.ok) return lines;
    const found = mosquittoBridges(lines.value);
    if (!found.ok) return found;
    other(found.value.other, 's');
    return ok({ builders: found.value.bridges.map(mapMosquittoBridge), notes });
  }
  let bridges: BridgeSource[];
  if (kind === 'flat') {
    const lines = parseKeyValueLines(text);
    if (!lines.ok) return lines;
    const found = flatBridges(lines.value);
    if (!found.ok) return err({ line: 1, column: 1, message: found.error });
    other(found.value.other, 's');
    bridges = found.value.bridges;
  } else {
    const doc = parseHocon(text);
    if (!doc.ok) return doc;
    const found = findBridges(doc.value.root);
    if (!found.ok) return err({ line: doc.value.root.line, column: doc.value.root.column, message: found.error });
    bridges = found.value;
    for (const inc of doc.value.includes)
      notes.push(`include ${inc.target} (line ${inc.line}) was not followed: paste what it holds, if it is about the bridge.`);
    const root = doc.value.root;
    const rest =
      root.kind === 'object'
        ? [...root.fields.keys()].filter((k) => k !== 'bridges' && k !== 'connectors' && !bridges.some((b) => b.conn === root))
        : [];
    if (rest.length)
      notes.push(
        `Only the MQTT bridges were read; ${rest.map((k) => `"${k}"`).join(', ')} configure${rest.length === 1 ? 's' : ''} the broker itself.`,
      );
  }
  return ok({ builders: bridges.map(mapBridge), notes });
}

/** The label of a candidate's format, for messages. */
export const formatLabel = (c: ImportCandidate): string => (c.mapping ? CONFIG_FORMAT_LABELS[c.mapping.format] : 'import');
