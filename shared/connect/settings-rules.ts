/**
 * Rules on a combination of connection settings that no single field's schema can state: the
 * profile form shows them under the field, the probe stops in preflight on them
 * (`config-invalid`), and the CLI refuses them, all with the same words. Only what the MQTT
 * specification or the TLS stack forbids is here: a test tool lets the user try anything a
 * broker may refuse on its own (a long client id, say), so that the broker's answer is seen.
 */
import type { ConnectSettings } from './settings';
import { usesTls } from './transport';

/** A field the rules speak of, by its path in `ConnectSettings` (plus the password, a secret). */
export type SettingsField = 'username' | 'password' | 'clientId' | 'tlsMax' | 'accessCheckTopic' | 'will.topic';

export interface SettingsProblem {
  field: SettingsField;
  /** What is wrong, as a sentence. */
  message: string;
  /** What to do about it. */
  hint: string;
}

const TLS_RANK = { 'TLSv1.2': 2, 'TLSv1.3': 3 } as const;

/** The settings the rules read. */
export type RuledSettings = Pick<
  ConnectSettings,
  'protocol' | 'username' | 'clientId' | 'cleanStart' | 'tlsMin' | 'tlsMax' | 'accessCheckTopic' | 'will'
>;

/** The problems of `settings`, given whether a password goes with them; empty when an attempt may go ahead. */
export function settingsProblems(settings: RuledSettings, context: { passwordGiven: boolean }): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  if (context.passwordGiven && !settings.username) {
    // MQTT 3.1.1 §3.1.2.9 forbids a password without a user name; mqtt.js refuses it under 5 too.
    out.push({
      field: 'password',
      message: 'A password is set but no username: MQTT sends a password only together with a username.',
      hint: 'Enter the username that goes with the password, or remove the password.',
    });
  }
  if (settings.clientId === '' && !settings.cleanStart) {
    // MQTT 3.1.1 §3.1.3.1: a zero-length client id needs CleanSession 1; mqtt.js enforces it for 5 too.
    out.push({
      field: 'clientId',
      message: 'An empty client ID needs clean start on: the broker cannot resume a session without an ID.',
      hint: 'Enter a client ID, or turn clean start on.',
    });
  }
  // TLS versions matter only where TLS is spoken; a plain profile keeps them, unused.
  if (usesTls(settings.protocol) && settings.tlsMin && settings.tlsMax && TLS_RANK[settings.tlsMin] > TLS_RANK[settings.tlsMax]) {
    out.push({
      field: 'tlsMax',
      message: `The TLS minimum version (${settings.tlsMin}) is above the maximum (${settings.tlsMax}).`,
      hint: 'Lower the minimum or raise the maximum TLS version.',
    });
  }
  // MQTT §4.7.1: wildcards belong in filters, never in the name of a topic published to.
  if (settings.accessCheckTopic !== undefined && /[#+]/.test(settings.accessCheckTopic)) {
    out.push({
      field: 'accessCheckTopic',
      message: `The access check topic "${settings.accessCheckTopic}" has a wildcard, but the check publishes to it.`,
      hint: 'Use a topic name without + or #.',
    });
  }
  if (settings.will && /[#+]/.test(settings.will.topic)) {
    out.push({
      field: 'will.topic',
      message: `The will topic "${settings.will.topic}" has a wildcard; a will is published to one topic.`,
      hint: 'Use a topic name without + or #.',
    });
  }
  return out;
}
