import { describe, expect, it } from 'vitest';
import { settingsProblems, type SettingsField } from '../../../../shared/connect/settings-rules';
import { defaultSettings, type ConnectSettings } from '../../../../shared/connect/settings';
import { formFromProfile, validateForm, type FormValues } from '../../../../renderer/features/profile-editor/profile-draft';

// One table of setting combinations: what the shared rules say of each, and the profile form
// must say the same (the probe's preflight applies the same function).
type Row = [what: string, settings: Partial<ConnectSettings>, password: boolean, field: SettingsField | null];
const rows: Row[] = [
  ['defaults', {}, false, null],
  ['password with a username', { username: 'u' }, true, null],
  ['password without a username', {}, true, 'password'],
  ['empty client id, clean start, 3.1.1', { clientId: '', mqttVersion: '3.1.1' }, false, null],
  ['empty client id, clean start off, 3.1.1', { clientId: '', cleanStart: false, mqttVersion: '3.1.1' }, false, 'clientId'],
  ['empty client id, clean start off, 5', { clientId: '', cleanStart: false, mqttVersion: '5' }, false, 'clientId'],
  ['a client id, clean start off, 5', { clientId: 'dev-1', cleanStart: false, mqttVersion: '5' }, false, null],
  ['a 24-character client id under 3.1.1 (the broker decides)', { clientId: 'x'.repeat(24), mqttVersion: '3.1.1' }, false, null],
  ['TLS 1.2 to 1.3', { tlsMin: 'TLSv1.2', tlsMax: 'TLSv1.3' }, false, null],
  ['TLS minimum above maximum', { tlsMin: 'TLSv1.3', tlsMax: 'TLSv1.2' }, false, 'tlsMax'],
  ['TLS minimum above maximum on plain MQTT (kept, unused)', { protocol: 'mqtt', tlsMin: 'TLSv1.3', tlsMax: 'TLSv1.2' }, false, null],
  ['access check topic', { accessCheckTopic: 'devices/a' }, false, null],
  ['access check topic with a wildcard', { accessCheckTopic: 'devices/#' }, false, 'accessCheckTopic'],
  ['will topic with a wildcard', { will: { topic: 'a/+/b', payload: '', qos: 0, retain: false } }, false, 'will.topic'],
];

const formOf = (s: ConnectSettings, password: boolean): FormValues => ({
  ...formFromProfile(null),
  host: s.host,
  protocol: s.protocol,
  clientId: s.clientId,
  cleanStart: s.cleanStart,
  mqttVersion: s.mqttVersion,
  username: s.username ?? '',
  password: password ? 'secret' : undefined,
  tlsMin: s.tlsMin ?? '',
  tlsMax: s.tlsMax ?? '',
  accessCheckTopic: s.accessCheckTopic ?? '',
  willEnabled: s.will !== undefined,
  willTopic: s.will?.topic ?? '',
});

describe('settings rules', () => {
  it.each(rows)('%s', (_what, overrides, password, field) => {
    const settings = defaultSettings({ host: 'broker.test', clientId: 'c', ...overrides });
    const problems = settingsProblems(settings, { passwordGiven: password });
    expect(problems.map((p) => p.field)).toEqual(field ? [field] : []);
    for (const p of problems) expect(p.message.length && p.hint.length).toBeGreaterThan(0);
  });

  it.each(rows)('the profile form agrees: %s', (_what, overrides, password, field) => {
    // TLS versions count only for mqtts in the form; the table's TLS rows are checked with it.
    const settings = defaultSettings({ host: 'broker.test', clientId: 'c', ...overrides });
    const form = {
      ...formOf(settings, password),
      ...(settings.protocol === 'mqtts' ? { verify: 'off' as const, identity: 'none' as const } : {}),
    };
    const errors = validateForm(form);
    const messages = settingsProblems(settings, { passwordGiven: password }).map((p) => p.message);
    const shown = Object.values(errors);
    for (const m of messages) expect(shown).toContain(m);
    if (!field)
      expect(Object.keys(errors).filter((k) => ['username', 'clientId', 'tlsMax', 'accessCheckTopic', 'willTopic'].includes(k))).toEqual(
        [],
      );
  });
});
