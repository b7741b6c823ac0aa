import type { ConnectSettings } from '../../../shared/connect/settings';
import { usesTls } from '../../../shared/connect/transport';
import type { ApiError, RequestOf } from '../../../shared/ipc/contract';
import { i18n } from '../../i18n/i18n';
import type { ImportItem, ImportPreview } from '../../../shared/profile/transfer';

/** What the user pasted or dropped. */
export interface ConfigInput {
  text: string;
  fileName?: string;
  /** The dropped file's path (desktop only), so relative paths in it are found. */
  path?: string;
}

/** Where the dialog is. */
export type ConfigStep =
  | { step: 'paste'; input: ConfigInput; error: ApiError | null }
  | {
      step: 'preview';
      input: ConfigInput;
      preview: ImportPreview;
      names: Record<string, string>;
      skipped: Record<string, boolean>;
      error: string | null;
    };

export const EMPTY_INPUT: ConfigInput = { text: '' };

/** Line and column of a refusal (the host puts them in `issues`), or null. */
export function errorLocation(error: ApiError): { line: number; column: number } | null {
  const m = /^line (\d+), column (\d+)$/.exec(error.issues?.[0]?.path ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/** The line of `text` an error points at, with a caret under its column (tabs kept so the caret lines up). */
export function lineExcerpt(text: string, at: { line: number; column: number }): { line: string; caret: string } | null {
  const line = text.split(/\r?\n/)[at.line - 1];
  if (line === undefined) return null;
  const before = line.slice(0, Math.max(0, at.column - 1)).replace(/[^\t]/g, ' ');
  return { line, caret: `${before}^` };
}

/** What the preview read, in one sentence. */
export function readLine(preview: ImportPreview, input: ConfigInput): string {
  const formats = [
    ...new Set(
      preview.items.map((i) =>
        i.mapping ? i18n.t(`transfer:config.formats.${i.mapping.format}`) : i18n.t('transfer:config.importFormat'),
      ),
    ),
  ];
  const values = {
    formats: formats.join(i18n.t('transfer:listComma')),
    from: input.fileName ? i18n.t('transfer:config.from', { file: input.fileName }) : '',
    count: preview.items.length,
  };
  return preview.source === 'command' ? i18n.t('transfer:config.readCommand', values) : i18n.t('transfer:config.readBridges', values);
}

/** The settings worth seeing before the profile is made, as label and value. */
export function settingsRows(s: ConnectSettings): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = [
    {
      label: 'MQTT',
      value: i18n.t('transfer:config.mqtt', {
        version: s.mqttVersion === '5' ? 'MQTT 5' : 'MQTT 3.1.1',
        keepalive: s.keepalive,
        clean: s.cleanStart ? i18n.t('transfer:config.on') : i18n.t('transfer:config.off'),
      }),
    },
    { label: i18n.t('transfer:config.clientId'), value: s.clientId || i18n.t('transfer:config.emptyClientId') },
    { label: i18n.t('transfer:config.username'), value: s.username ?? '' },
  ];
  if (usesTls(s.protocol)) {
    const verify = i18n.t(`transfer:config.verify.${s.verify}`);
    const tls = [
      verify,
      s.servername && `SNI ${s.servername}`,
      s.alpn?.length && `ALPN ${s.alpn.join(', ')}`,
      (s.tlsMin || s.tlsMax) && i18n.t('transfer:config.tlsRange', { min: s.tlsMin?.slice(4) ?? '1.2', max: s.tlsMax?.slice(4) ?? '1.3' }),
      s.useSystemCa && i18n.t('transfer:config.systemCa'),
    ].filter(Boolean);
    rows.push({ label: 'TLS', value: tls.join(' · ') });
  } else rows.push({ label: 'TLS', value: i18n.t('transfer:config.noTls') });
  return rows;
}

/** The items that will be made. */
export const chosenItems = (preview: ImportPreview, skipped: Record<string, boolean>): ImportItem[] =>
  preview.items.filter((i) => !skipped[i.key]);

/** The create button's label. */
export function createLabel(preview: ImportPreview, skipped: Record<string, boolean>): string {
  const n = chosenItems(preview, skipped).length;
  return n === 1
    ? i18n.t('transfer:config.createOne')
    : n === 0
      ? i18n.t('transfer:config.createNone')
      : i18n.t('transfer:config.createMany', { count: n });
}

/** The apply request: each item made (or skipped) under the name shown in the dialog. */
export function configApplyRequest(
  preview: ImportPreview,
  names: Record<string, string>,
  skipped: Record<string, boolean>,
): RequestOf<'transfer:apply'> {
  return {
    token: preview.token,
    choices: preview.items.map((i) => {
      const name = (names[i.key] ?? i.name).trim();
      return {
        key: i.key,
        choice: skipped[i.key] ? 'skip' : 'keep-both',
        ...(name && name !== i.name ? { name: name.slice(0, 200) } : {}),
      };
    }),
  };
}
