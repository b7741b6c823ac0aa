import type { VerifyMode } from '../../../shared/connect/report';
import {
  DEFAULT_RECONNECT,
  DEFAULT_TIMEOUTS,
  MAX_RECONNECT_DELAY_MS,
  WsPath,
  type PhaseTimeouts,
  type PresetId,
  type ReconnectPolicy,
  type TlsVersion,
} from '../../../shared/connect/settings';
import { DEFAULT_WS_PATH, isWebSocket, usesTls, type Protocol } from '../../../shared/connect/transport';
import {
  ProfileDraft,
  type MaterialRef,
  type MaterialSet,
  type MaterialSlot,
  type MissingFile,
  type Profile,
  type SecretFlags,
} from '../../../shared/profile/profile';
import type { SecretsPatch } from '../../store/profiles-slice';
import { generateClientId } from '../../../shared/profile/client-id';
import { settingsProblems, type RuledSettings, type SettingsField } from '../../../shared/connect/settings-rules';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const t = i18n.getFixedT(null, ['profileEditor', 'common']);

/** How the client proves who it is: not at all, a PEM/DER certificate and key, or a PKCS#12 bundle. */
export type IdentityMode = 'none' | 'pem' | 'pfx';

/** A number field while it is typed: Mantine gives '' for an empty field. */
export type NumberField = number | string;

/** A secret as edited: undefined keeps the stored value, null forgets it, a string replaces it. */
export type EditedSecret = string | null | undefined;

export interface UserPropertyRow {
  key: string;
  value: string;
}

/** The profile editor's values: a flat, form-friendly view of a profile. */
export interface FormValues {
  name: string;
  groupId: string | null;
  /** The cloud service the profile is for; '' for any broker. */
  preset: PresetId | '';
  protocol: Protocol;
  host: string;
  port: NumberField;
  /** The WebSocket path (ws, wss); kept but unused for mqtt and mqtts. */
  path: string;
  mqttVersion: '3.1.1' | '5';
  clientId: string;
  username: string;
  password: EditedSecret;
  verify: VerifyMode;
  useSystemCa: boolean;
  servername: string;
  alpn: string[];
  tlsMin: TlsVersion | '';
  tlsMax: TlsVersion | '';
  /** Write each attempt's TLS secrets as an NSS key log. */
  keyLog: boolean;
  /** Where (desktop: chosen in a save dialog); '' lets the host decide (the web host's data folder). */
  keyLogFile: string;
  identity: IdentityMode;
  material: MaterialSet;
  /** Files an import named and could not read: shown in their slots until a file fills them. */
  missingFiles: MissingFile[];
  passphrase: EditedSecret;
  pfxPassword: EditedSecret;
  cleanStart: boolean;
  keepalive: NumberField;
  timeouts: Record<keyof PhaseTimeouts, NumberField>;
  accessCheckTopic: string;
  sessionExpiryInterval: NumberField;
  receiveMaximum: NumberField;
  maximumPacketSize: NumberField;
  topicAliasMaximum: NumberField;
  requestResponseInformation: boolean;
  requestProblemInformation: boolean;
  userProperties: UserPropertyRow[];
  willEnabled: boolean;
  willTopic: string;
  willPayload: string;
  willQos: 0 | 1 | 2;
  willRetain: boolean;
  /** Automatic reconnect after a lost session. */
  reconnect: boolean;
  reconnectInitialMs: NumberField;
  reconnectMaxMs: NumberField;
  reconnectFactor: NumberField;
  /** '' for no limit. */
  reconnectMaxAttempts: NumberField;
}

/** Field path → message; paths are the FormValues keys (`timeouts.tls` for nested ones). */
export type FieldErrors = Partial<Record<string, string>>;

/** A client id MQTT 3.1.1 brokers must accept: up to 23 characters of [0-9a-zA-Z] (§3.1.3.1). */
export { generateClientId };

const num = (v: number | undefined): NumberField => (v === undefined ? '' : v);

/** Editor values for an existing profile, or for a new one. */
export function formFromProfile(p: Profile | null, groupId: string | null = null): FormValues {
  if (!p) {
    return {
      name: t('profileEditor:defaultName'),
      groupId,
      preset: '',
      protocol: 'mqtts',
      host: 'localhost',
      port: 8883,
      path: DEFAULT_WS_PATH,
      mqttVersion: '5',
      clientId: generateClientId(),
      username: '',
      password: undefined,
      verify: 'full',
      useSystemCa: false,
      servername: '',
      alpn: [],
      tlsMin: '',
      tlsMax: '',
      keyLog: false,
      keyLogFile: '',
      identity: 'pem',
      material: { ca: [], cert: null, key: null, pfx: null },
      missingFiles: [],
      passphrase: undefined,
      pfxPassword: undefined,
      cleanStart: true,
      keepalive: 60,
      timeouts: { ...DEFAULT_TIMEOUTS },
      accessCheckTopic: '',
      sessionExpiryInterval: '',
      receiveMaximum: '',
      maximumPacketSize: '',
      topicAliasMaximum: '',
      requestResponseInformation: false,
      requestProblemInformation: true,
      userProperties: [],
      willEnabled: false,
      willTopic: '',
      willPayload: '',
      willQos: 0,
      willRetain: false,
      ...reconnectFields(undefined),
    };
  }
  const s = p.settings;
  const props = s.properties ?? {};
  return {
    name: p.name,
    groupId: p.groupId,
    preset: s.preset ?? '',
    protocol: s.protocol,
    host: s.host,
    port: s.port,
    path: s.path ?? DEFAULT_WS_PATH,
    mqttVersion: s.mqttVersion,
    clientId: s.clientId,
    username: s.username ?? '',
    password: undefined,
    verify: s.verify,
    useSystemCa: s.useSystemCa,
    servername: s.servername ?? '',
    alpn: s.alpn ?? [],
    tlsMin: s.tlsMin ?? '',
    tlsMax: s.tlsMax ?? '',
    keyLog: s.keyLog !== undefined,
    keyLogFile: s.keyLog?.file ?? '',
    identity: identityOf(p),
    material: p.material,
    missingFiles: p.missingFiles ?? [],
    passphrase: undefined,
    pfxPassword: undefined,
    cleanStart: s.cleanStart,
    keepalive: s.keepalive,
    timeouts: { ...s.timeouts },
    accessCheckTopic: s.accessCheckTopic ?? '',
    sessionExpiryInterval: num(props.sessionExpiryInterval),
    receiveMaximum: num(props.receiveMaximum),
    maximumPacketSize: num(props.maximumPacketSize),
    topicAliasMaximum: num(props.topicAliasMaximum),
    requestResponseInformation: props.requestResponseInformation ?? false,
    requestProblemInformation: props.requestProblemInformation ?? true,
    userProperties: Object.entries(props.userProperties ?? {}).flatMap(([key, v]) =>
      (Array.isArray(v) ? v : [v]).map((value) => ({ key, value })),
    ),
    willEnabled: !!s.will,
    willTopic: s.will?.topic ?? '',
    willPayload: s.will?.payload ?? '',
    willQos: s.will?.qos ?? 0,
    willRetain: s.will?.retain ?? false,
    ...reconnectFields(s.reconnect),
  };
}

/** The reconnect fields for a stored policy (or the defaults, off). */
function reconnectFields(
  p: ReconnectPolicy | undefined,
): Pick<FormValues, 'reconnect' | 'reconnectInitialMs' | 'reconnectMaxMs' | 'reconnectFactor' | 'reconnectMaxAttempts'> {
  const policy = p ?? DEFAULT_RECONNECT;
  return {
    reconnect: policy.enabled,
    reconnectInitialMs: policy.initialDelayMs,
    reconnectMaxMs: policy.maxDelayMs,
    reconnectFactor: policy.factor,
    reconnectMaxAttempts: policy.maxAttempts ?? '',
  };
}

/** Problems of the reconnect fields (checked only while reconnect is on). */
function reconnectErrors(v: FormValues): FieldErrors {
  const e: FieldErrors = {};
  if (!v.reconnect) return e;
  const delay = { min: 100, max: MAX_RECONNECT_DELAY_MS, required: true };
  const initial = intError(v.reconnectInitialMs, delay);
  if (initial) e.reconnectInitialMs = initial;
  const max = intError(v.reconnectMaxMs, delay);
  if (max) e.reconnectMaxMs = max;
  else if (!initial && Number(v.reconnectMaxMs) < Number(v.reconnectInitialMs)) e.reconnectMaxMs = t('profileEditor:errors.initialDelay');
  const factor = Number(v.reconnectFactor);
  if (v.reconnectFactor === '' || !Number.isFinite(factor) || factor < 1 || factor > 10)
    e.reconnectFactor = t('profileEditor:errors.factor');
  const attempts = intError(v.reconnectMaxAttempts, { min: 1, max: 1_000_000, required: false });
  if (attempts) e.reconnectMaxAttempts = attempts;
  return e;
}

/** The policy to save: written when on, or when off but tuned away from the defaults (kept for next time). */
function reconnectOf(v: FormValues): ReconnectPolicy | undefined {
  const policy: ReconnectPolicy = {
    enabled: v.reconnect,
    initialDelayMs: Number(v.reconnectInitialMs),
    maxDelayMs: Number(v.reconnectMaxMs),
    factor: Number(v.reconnectFactor),
    maxAttempts: v.reconnectMaxAttempts === '' ? null : Number(v.reconnectMaxAttempts),
  };
  if (v.reconnect) return policy;
  const tuned = JSON.stringify({ ...policy, enabled: false }) !== JSON.stringify(DEFAULT_RECONNECT);
  return tuned && Object.keys(reconnectErrors({ ...v, reconnect: true })).length === 0 ? policy : undefined;
}

type IntCheck = { min: number; max: number; required: boolean };

function intError(v: NumberField, { min, max, required }: IntCheck): string | undefined {
  if (v === '' || v === undefined) return required ? t('profileEditor:errors.required') : undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) return t('profileEditor:errors.whole');
  if (n < min || n > max) return t('profileEditor:errors.between', { min, max });
  return undefined;
}

const U32 = 0xffffffff;

/** Field-level problems of the editor's values, with the messages shown under each field. */
export function validateForm(v: FormValues, secrets?: SecretFlags): FieldErrors {
  const e: FieldErrors = {};
  if (!v.name.trim()) e.name = t('profileEditor:errors.name');
  else if (v.name.length > 200) e.name = t('profileEditor:errors.atMost', { n: 200 });
  const host = v.host.trim();
  if (!host) e.host = t('profileEditor:errors.host');
  else if (/\s/.test(host) || host.includes('://')) e.host = t('profileEditor:errors.hostOnly');
  else if (host.length > 253) e.host = t('profileEditor:errors.atMost', { n: 253 });
  const portErr = intError(v.port, { min: 1, max: 65535, required: true });
  if (portErr) e.port = portErr;
  if (v.clientId.length > 65535) e.clientId = t('profileEditor:errors.tooLong');
  const keepErr = intError(v.keepalive, { min: 0, max: 65535, required: true });
  if (keepErr) e.keepalive = keepErr;
  for (const k of Object.keys(v.timeouts) as (keyof PhaseTimeouts)[]) {
    const err = intError(v.timeouts[k], { min: 1, max: 600_000, required: true });
    if (err) e[`timeouts.${k}`] = err;
  }
  if (v.servername.length > 253) e.servername = t('profileEditor:errors.atMost', { n: 253 });
  if (isWebSocket(v.protocol)) {
    const path = WsPath.safeParse(v.path.trim());
    if (!path.success) e.path = path.error.issues[0]?.message ?? t('profileEditor:errors.notPath');
  }
  if (usesTls(v.protocol)) {
    const missing = new Set(shownMissing(v).map((f) => f.slot));
    if (v.identity === 'pem') {
      // A slot the import left missing says so itself, and does not block saving other changes.
      if (v.material.cert && !v.material.key && !missing.has('key')) e['material.key'] = t('profileEditor:errors.loadKey');
      if (v.material.key && !v.material.cert && !missing.has('cert')) e['material.cert'] = t('profileEditor:errors.loadCert');
      if (!v.material.cert && !v.material.key && !missing.has('cert') && !missing.has('key'))
        e['material.cert'] = t('profileEditor:errors.loadIdentity');
      const cert = v.material.cert;
      const key = v.material.key;
      if (cert?.publicKeyFingerprint && key?.publicKeyFingerprint && cert.publicKeyFingerprint !== key.publicKeyFingerprint) {
        e['material.key'] = t('profileEditor:errors.keyMismatch');
      }
      if (key?.kind === 'encrypted-private-key' && v.passphrase === null) e.passphrase = t('profileEditor:errors.needsPassphrase');
      if (key?.kind === 'encrypted-private-key' && v.passphrase === undefined && secrets && !secrets.hasPassphrase) {
        e.passphrase = t('profileEditor:errors.enterPassphrase');
      }
    }
    if (v.identity === 'pfx' && !v.material.pfx && !missing.has('pfx')) e['material.pfx'] = t('profileEditor:errors.loadPfx');
    if (v.verify !== 'off' && v.material.ca.length === 0 && !v.useSystemCa && !missing.has('ca')) {
      e['material.ca'] = t('profileEditor:errors.loadCa');
    }
  }
  for (const [field, check] of [
    ['sessionExpiryInterval', { min: 0, max: U32, required: false }],
    ['receiveMaximum', { min: 1, max: 65535, required: false }],
    ['maximumPacketSize', { min: 1, max: U32, required: false }],
    ['topicAliasMaximum', { min: 0, max: 65535, required: false }],
  ] as const) {
    const err = intError(v[field], check);
    if (err) e[field] = err;
  }
  v.userProperties.forEach((row, i) => {
    if (!row.key.trim()) e[`userProperties.${i}`] = t('profileEditor:errors.nameProperty');
  });
  if (v.willEnabled && !v.willTopic) e.willTopic = t('profileEditor:errors.willTopic');
  Object.assign(e, reconnectErrors(v));
  // The rules the probe and the CLI apply too, in their words.
  const passwordGiven = typeof v.password === 'string' ? v.password !== '' : v.password === undefined && secrets?.hasPassword === true;
  for (const problem of settingsProblems(ruledSettingsOf(v), { passwordGiven })) e[FORM_FIELD[problem.field]] ??= problem.message;
  return e;
}

/** Where the form shows each rule's problem. */
const FORM_FIELD: Record<SettingsField, string> = {
  username: 'username',
  password: 'username',
  clientId: 'clientId',
  tlsMax: 'tlsMax',
  accessCheckTopic: 'accessCheckTopic',
  'will.topic': 'willTopic',
};

/** The settings the shared rules read, as the form holds them now. */
function ruledSettingsOf(v: FormValues): RuledSettings {
  return {
    protocol: v.protocol,
    username: v.username === '' ? undefined : v.username,
    clientId: v.clientId,
    cleanStart: v.cleanStart,
    tlsMin: v.tlsMin || undefined,
    tlsMax: v.tlsMax || undefined,
    accessCheckTopic: v.accessCheckTopic || undefined,
    will: v.willEnabled && v.willTopic ? { topic: v.willTopic, payload: '', qos: 0, retain: false } : undefined,
  };
}

const optionalInt = (v: NumberField): number | undefined => (v === '' ? undefined : Number(v));

/** Drops undefined values so the saved JSON has no empty keys. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

/** The identity mode a profile has: by its files, or by the files it misses (an import kept their slots). */
function identityOf(p: Profile): IdentityMode {
  const has = (slot: MaterialSlot) => p.missingFiles?.some((m) => m.slot === slot) ?? false;
  if (p.material.pfx || has('pfx')) return 'pfx';
  if (p.material.cert || p.material.key || has('cert') || has('key')) return 'pem';
  return 'none';
}

/** The missing files still missing in the form: of a slot the chosen identity uses, and still empty. */
export function shownMissing(v: FormValues): MissingFile[] {
  const m = effectiveMaterial(v);
  return v.missingFiles.filter((f) => {
    if (f.slot === 'ca') return m.ca.length === 0;
    if ((f.slot === 'cert' || f.slot === 'key') && v.identity !== 'pem') return false;
    if (f.slot === 'pfx' && v.identity !== 'pfx') return false;
    return m[f.slot] === null;
  });
}

/** Materials the chosen identity mode uses; the others are dropped on save (plain mqtt keeps them, unused). */
export function effectiveMaterial(v: FormValues): MaterialSet {
  const { ca, cert, key, pfx } = v.material;
  if (v.identity === 'pem') return { ca, cert, key, pfx: null };
  if (v.identity === 'pfx') return { ca, cert: null, key: null, pfx };
  return { ca, cert: null, key: null, pfx: null };
}

export type DraftOutcome = { ok: true; draft: ProfileDraft; secrets: SecretsPatch } | { ok: false; errors: FieldErrors };

/** The request to save: the draft for `profiles:save` and the secret changes for `secrets:set`. */
export function draftFromForm(v: FormValues, id: string | undefined, secretFlags?: SecretFlags): DraftOutcome {
  const errors = validateForm(v, secretFlags);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const userProperties: Record<string, string | string[]> = {};
  for (const { key, value } of v.userProperties) {
    const prev = userProperties[key];
    userProperties[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const properties =
    v.mqttVersion === '5'
      ? compact({
          sessionExpiryInterval: optionalInt(v.sessionExpiryInterval),
          receiveMaximum: optionalInt(v.receiveMaximum),
          maximumPacketSize: optionalInt(v.maximumPacketSize),
          topicAliasMaximum: optionalInt(v.topicAliasMaximum),
          requestResponseInformation: v.requestResponseInformation || undefined,
          // The default is true (MQTT 5.0 §3.1.2.11.7): only a false is worth sending.
          requestProblemInformation: v.requestProblemInformation ? undefined : false,
          userProperties: v.userProperties.length > 0 ? userProperties : undefined,
        })
      : undefined;
  const tls = usesTls(v.protocol);
  const candidate = {
    ...(id ? { id } : {}),
    name: v.name.trim(),
    groupId: v.groupId,
    settings: compact({
      protocol: v.protocol,
      host: v.host.trim(),
      port: Number(v.port),
      path: isWebSocket(v.protocol) ? v.path.trim() : undefined,
      servername: tls && v.servername.trim() ? v.servername.trim() : undefined,
      alpn: tls && v.alpn.length > 0 ? v.alpn : undefined,
      tlsMin: tls && v.tlsMin ? v.tlsMin : undefined,
      tlsMax: tls && v.tlsMax ? v.tlsMax : undefined,
      verify: v.verify,
      useSystemCa: v.useSystemCa,
      mqttVersion: v.mqttVersion,
      clientId: v.clientId,
      username: v.username === '' ? undefined : v.username,
      cleanStart: v.cleanStart,
      keepalive: Number(v.keepalive),
      properties: properties && Object.keys(properties).length > 0 ? properties : undefined,
      will: v.willEnabled ? { topic: v.willTopic, payload: v.willPayload, qos: v.willQos, retain: v.willRetain } : undefined,
      timeouts: Object.fromEntries(Object.entries(v.timeouts).map(([k, x]) => [k, Number(x)])) as PhaseTimeouts,
      accessCheckTopic: v.accessCheckTopic || undefined,
      keyLog: tls && v.keyLog ? compact({ file: v.keyLogFile || undefined }) : undefined,
      preset: v.preset || undefined,
      reconnect: reconnectOf(v),
    }),
    material: effectiveMaterial(v),
    missingFiles: shownMissing(v),
  };
  const parsed = ProfileDraft.safeParse(candidate);
  if (!parsed.success) {
    const zodErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p) => p !== 'settings' && p !== 'properties').join('.');
      zodErrors[path || 'form'] ??= issue.message;
    }
    return { ok: false, errors: zodErrors };
  }
  const secrets: SecretsPatch = compact({ password: v.password, passphrase: v.passphrase, pfxPassword: v.pfxPassword });
  return { ok: true, draft: parsed.data, secrets };
}

/** True when a field's value differs from where the editor started. */
export function formsEqual(a: FormValues, b: FormValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The file kinds a slot expects, for the file input's accept list. */
export const ACCEPT: Record<'ca' | 'cert' | 'key' | 'pfx', string> = {
  ca: '.pem,.crt,.cer,.der,.ca-bundle',
  cert: '.pem,.crt,.cer,.der',
  key: '.pem,.key,.der',
  pfx: '.p12,.pfx',
};

/** Whether a key is known to match a certificate: true, false, or null when it cannot be told here. */
export function keyMatchesCert(cert: MaterialRef | null, key: MaterialRef | null): boolean | null {
  if (!cert?.publicKeyFingerprint || !key?.publicKeyFingerprint) return null;
  return cert.publicKeyFingerprint === key.publicKeyFingerprint;
}
