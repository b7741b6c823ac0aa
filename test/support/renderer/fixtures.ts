// Schema-valid values of the outcome and profile models for renderer tests.
import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import { ConnectReport, type Cause, type CertSummary } from '../../../shared/connect/report';
import { defaultSettings } from '../../../shared/connect/settings';
import { AppInfo, type MqttMessage } from '../../../shared/ipc/contract';
import type { AppSettings } from '../../../shared/profile/app-settings';
import { Profile, type MaterialRef } from '../../../shared/profile/profile';
import { StoreStatus, type StoreRecovery } from '../../../shared/profile/store-status';
import { ImportItem, ImportPreview } from '../../../shared/profile/transfer';

export function certSummary(cn: string, overrides: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: `CN=${cn}`,
    commonName: cn,
    subjectAltNames: [],
    issuer: 'CN=Keyhole Test CA',
    issuerCommonName: 'Keyhole Test CA',
    validFrom: '2024-01-01T00:00:00.000Z',
    validTo: '2099-01-01T00:00:00.000Z',
    serialNumber: '01',
    fingerprint256: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
    keyType: 'EC P-256',
    isCA: false,
    selfSigned: false,
    extKeyUsage: ['clientAuth'],
    ...overrides,
  };
}

let n = 0;

/** A finished report for a cause; verdict and phase follow the cause catalogue unless overridden. */
export function report(cause: Cause, overrides: Partial<ConnectReport> = {}): ConnectReport {
  const info = CAUSE_INFO[cause];
  // A cause that may come in any phase (a cancel) is shown as stopped in preflight.
  const layer = info.layer === 'any' ? 'preflight' : info.layer;
  const preflight = layer === 'preflight';
  const r: ConnectReport = {
    schema: 2,
    id: `attempt-${++n}`,
    startedAt: '2025-06-01T12:00:00.000Z',
    durationMs: 42.5,
    target: {
      url: 'mqtts://broker.test:8883',
      protocol: 'mqtts',
      host: 'broker.test',
      port: 8883,
      address: preflight ? null : '127.0.0.1',
    },
    verdict: info.verdict,
    phase: cause === 'ok' || cause === 'ok-server-unverified' ? 'done' : layer,
    cause,
    explanation: `Explanation for ${cause}.`,
    hint: info.hint,
    evidence:
      cause === 'client-cert-unknown-ca'
        ? { errorCode: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', tlsAlert: { number: 48, name: 'unknown_ca', direction: 'received' } }
        : {},
    timeline: preflight
      ? [{ phase: 'preflight', startMs: 0, endMs: 3, ok: false, detail: 'local material' }]
      : [
          { phase: 'preflight', startMs: 0, endMs: 2, ok: true, detail: 'material ok' },
          { phase: 'tcp', startMs: 2, endMs: 5, ok: true, detail: 'connected | port 8883' },
          { phase: 'tls', startMs: 5, endMs: 20, ok: true, detail: 'TLSv1.3' },
        ],
    tls: preflight
      ? null
      : {
          protocol: 'TLSv1.3',
          cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' },
          alpn: null,
          sniSent: 'broker.test',
          verification: 'full',
          authorized: true,
          authorizationError: null,
          hostnameMatches: true,
          verificationFinding: null,
          peerChain: [certSummary('broker.test'), certSummary('Keyhole Test CA', { isCA: true, selfSigned: true })],
          clientCertificate: certSummary('device-1'),
          clientCertificateRequested: true,
        },
    mqtt: preflight
      ? null
      : {
          version: '5',
          clientId: 'keyhole-1',
          username: null,
          passwordSent: false,
          cleanStart: true,
          keepalive: 60,
          sessionPresent: cause === 'ok' ? false : null,
          connackCode: cause === 'ok' ? 0 : cause === 'connack-not-authorized' ? 0x87 : null,
          connackName: cause === 'ok' ? 'Success' : cause === 'connack-not-authorized' ? 'Not authorized' : null,
          connackProperties: cause === 'ok' ? { topicAliasMaximum: 10 } : null,
        },
    access: null,
    warnings: [],
    notes: cause === 'ok' || cause === 'ok-server-unverified' ? [{ code: 'access-not-checked', message: 'Access not checked.' }] : [],
    ...overrides,
  };
  return ConnectReport.parse(r);
}

export function profile(id: string, overrides: Partial<Profile> = {}): Profile {
  return Profile.parse({
    id,
    name: `Profile ${id}`,
    groupId: null,
    settings: defaultSettings({ host: 'broker.test', clientId: `client-${id}` }),
    material: { ca: [], cert: null, key: null, pfx: null },
    secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: false },
    createdAt: '2025-06-01T12:00:00.000Z',
    updatedAt: '2025-06-01T12:00:00.000Z',
    ...overrides,
  });
}

export function materialRef(slot: MaterialRef['slot'], overrides: Partial<MaterialRef> = {}): MaterialRef {
  return {
    id: `${slot}-file`,
    slot,
    kind: slot === 'key' ? 'private-key' : 'certificate',
    fileName: `${slot}.pem`,
    size: 1200,
    importedAt: '2025-06-01T12:00:00.000Z',
    ...overrides,
  };
}

let seq = 0;
export function message(profileId: string, topic: string, payload = 'hello', overrides: Partial<MqttMessage> = {}): MqttMessage {
  return {
    seq: ++seq,
    profileId,
    direction: 'in',
    topic,
    payload,
    encoding: 'utf8',
    size: payload.length,
    truncated: false,
    qos: 0,
    retain: false,
    dup: false,
    at: 1_750_000_000_000,
    ...overrides,
  };
}

export function appInfo(overrides: Partial<AppInfo> = {}, capabilities: Partial<AppInfo['capabilities']> = {}): AppInfo {
  return AppInfo.parse({
    name: 'Keyhole',
    version: '0.1.0',
    host: 'web',
    platform: 'linux',
    versions: {},
    capabilities: { nativeFilePicker: false, pathImport: false, saveDialog: false, ...capabilities },
    dataDir: '/data',
    ...overrides,
  });
}

export function storeStatus(overrides: Partial<StoreStatus> = {}): StoreStatus {
  return StoreStatus.parse({
    location: '/data/profiles.json',
    schemaVersion: 2,
    secretBackend: { kind: 'key-file', secure: true, detail: '/data/secret.key' },
    ...overrides,
  });
}

export function recovery(overrides: Partial<StoreRecovery> = {}): StoreRecovery {
  return {
    kind: 'not-json',
    path: '/data/profiles.corrupt-2025-06-01T12-00-00-000Z.json',
    reason: 'The file is not valid JSON (Unexpected end of JSON input).',
    at: '2025-06-01T12:00:00.000Z',
    kept: { profiles: 0, groups: 0 },
    dropped: { profiles: 0, groups: 0, other: 0 },
    ...overrides,
  };
}

export function importItem(key: string, overrides: Partial<ImportItem> = {}): ImportItem {
  const name = overrides.name ?? `Imported ${key}`;
  return ImportItem.parse({
    key,
    name,
    target: 'mqtts://broker.test:8883',
    groupName: null,
    conflict: null,
    keepBothName: name,
    defaultChoice: 'keep-both',
    secrets: { included: [], missing: [] },
    files: [],
    notes: [],
    ...overrides,
  });
}

export function importPreview(items: ImportItem[], overrides: Partial<ImportPreview> = {}): ImportPreview {
  return ImportPreview.parse({
    token: 'preview-token',
    expiresAt: '2025-06-01T12:15:00.000Z',
    source: 'keyhole',
    encrypted: false,
    secretsSkipped: false,
    exportedAt: '2025-06-01T11:00:00.000Z',
    items,
    notes: [],
    ...overrides,
  });
}

export const appSettings = (ui: AppSettings['ui'] = {}, reportsPerProfile = 50): AppSettings => ({
  reportsPerProfile,
  certExpiryWarningDays: 30,
  ui,
});
