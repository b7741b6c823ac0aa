import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../../shared/connect/settings';
import type { ImportPreview } from '../../../../../shared/profile/transfer';
import {
  configApplyRequest,
  createLabel,
  errorLocation,
  lineExcerpt,
  readLine,
  settingsRows,
} from '../../../../../renderer/features/transfer/config-import-plan';

const item = (key: string, name: string, section: string) => ({
  key,
  name,
  target: 'mqtts://broker.example.com:8883',
  groupName: null,
  conflict: null,
  keepBothName: name,
  defaultChoice: 'keep-both' as const,
  secrets: { included: [], missing: [] },
  files: [],
  notes: [],
  settings: defaultSettings({ host: 'broker.example.com' }),
  mapping: { format: 'nanomq' as const, section, mapped: [], ignored: [] },
});
const preview: ImportPreview = {
  token: 't1',
  expiresAt: '2026-01-01T00:00:00.000Z',
  source: 'config',
  encrypted: false,
  secretsSkipped: false,
  exportedAt: null,
  items: [item('c0', 'NanoMQ bridge a', 'a'), item('c1', 'NanoMQ bridge b', 'b')],
  notes: [],
};

describe('the config import plan', () => {
  it('finds the line and column of a refusal, and points at them in the text', () => {
    const at = errorLocation({ code: 'invalid-file', message: 'x', issues: [{ path: 'line 2, column 12', message: 'x' }] });
    expect(at).toEqual({ line: 2, column: 12 });
    expect(lineExcerpt('a {\n\tserver = mqtt://x\n}', at!)).toEqual({ line: '\tserver = mqtt://x', caret: '\t          ^' });
    expect(errorLocation({ code: 'invalid-file', message: 'x' })).toBeNull();
    expect(lineExcerpt('one line', { line: 5, column: 1 })).toBeNull();
  });

  it('says what was read, and builds the apply request from the names and boxes of the dialog', () => {
    expect(readLine(preview, { text: '', fileName: 'nanomq.conf' })).toBe('Read as NanoMQ bridge (HOCON) from nanomq.conf: 2 bridges.');
    expect(createLabel(preview, {})).toBe('Create 2 profiles');
    expect(createLabel(preview, { c1: true })).toBe('Create profile');
    expect(createLabel(preview, { c0: true, c1: true })).toBe('Nothing to create');
    expect(configApplyRequest(preview, { c0: '  Edge 1 ', c1: 'NanoMQ bridge b' }, { c1: true })).toEqual({
      token: 't1',
      choices: [
        { key: 'c0', choice: 'keep-both', name: 'Edge 1' },
        { key: 'c1', choice: 'skip' },
      ],
    });
  });

  it('shows the TLS settings in words', () => {
    const rows = settingsRows(
      defaultSettings({ host: 'h', servername: 'sni.example', alpn: ['mqtt'], tlsMin: 'TLSv1.3', verify: 'chain-only' }),
    );
    expect(rows.find((r) => r.label === 'TLS')?.value).toBe(
      'verify chain, not the host name · SNI sni.example · ALPN mqtt · TLS 1.3 to 1.3',
    );
    expect(settingsRows(defaultSettings({ host: 'h', protocol: 'mqtt', port: 1883 })).find((r) => r.label === 'TLS')?.value).toBe(
      'none (plain MQTT)',
    );
  });
});
