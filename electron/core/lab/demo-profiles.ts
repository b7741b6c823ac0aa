// The demo identities as ready profiles: settings, files and secrets in the shape a profile
// contributes to an attempt (profiles/probe-input.ts), plus the outcome each must get. The CLI's
// `keyhole demo` connects them; the app turns them into its "Lab" group of profiles.
import type { Cause } from '../../../shared/connect/report';
import { defaultSettings, type ConnectSettings } from '../../../shared/connect/settings';
import type { LabRefusal } from '../../../shared/lab/lab-config';
import type { ProbeSource } from '../profiles/probe-input';
import type { StoredSecrets } from '../store/store-data';
import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import { DEMO_IDENTITIES, expectedCause } from './demo-identities';
import { LAB_FILES, labFileOrThrow, type LabIdentity, type LabPki } from './lab-pki';

/** A named file's content, as a profile holds it. */
export interface DemoFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface DemoProfile extends ProbeSource {
  name: string;
  /** What connecting it shows, in a few words (`accepted`, `refused: CN not allowed`). */
  outcome: string;
  /** One line: what this identity shows. */
  about: string;
  commonName: string | null;
  settings: ConnectSettings;
  files: { ca: DemoFile[]; cert: DemoFile | null; key: DemoFile | null; pfx: DemoFile | null };
  secrets: StoredSecrets;
  /** The outcome the probe must report (the same shape as a profile's stored expectation). */
  expect: { verdict: 'accepted' | 'rejected'; cause: Cause };
}

export interface DemoTarget {
  host: string;
  port: number;
  refusal: LabRefusal;
  /** TLS version to force (both ends of the range), or undefined for the client's choice (TLS 1.3). */
  tls?: 'TLSv1.2' | 'TLSv1.3';
}

/** The client id a demo profile sends (MQTT 3.1.1 §3.1.3.1 guarantees 23 characters). */
export const demoClientId = (name: string) => `kh-${name}`.slice(0, 23);

/** Topic the access check uses: inside the identity's own branch, where its rights (if any) are. */
export const accessTopic = (commonName: string) => `devices/${commonName}/keyhole-check`;

async function file(dir: string, path: string | null): Promise<DemoFile | null> {
  if (path === null) return null;
  return { fileName: path.split('/').at(-1)!, bytes: new Uint8Array(await labFileOrThrow(dir, path)) };
}

async function profileOf(identity: LabIdentity, pki: LabPki, target: DemoTarget, ca: DemoFile): Promise<DemoProfile> {
  const spec = DEMO_IDENTITIES.find((s) => s.name === identity.name);
  const cause = spec ? expectedCause(spec, target.refusal) : identity.expect === 'refusal' ? 'connack-not-authorized' : identity.expect;
  const verdict = CAUSE_INFO[cause].verdict === 'accepted' ? 'accepted' : 'rejected';
  const secrets: StoredSecrets = { password: identity.password };
  if (identity.keyPassphrase !== null) secrets.passphrase = identity.keyPassphrase;
  if (identity.pfxPassword !== null) secrets.pfxPassword = identity.pfxPassword;
  const settings = defaultSettings({
    host: target.host,
    port: target.port,
    mqttVersion: identity.mqttVersion,
    clientId: demoClientId(identity.name),
    username: identity.commonName ?? identity.name,
    ...(target.tls ? { tlsMin: target.tls, tlsMax: target.tls } : {}),
    ...(identity.commonName ? { accessCheckTopic: accessTopic(identity.commonName) } : {}),
  });
  const pfx = await file(pki.dir, identity.pfx);
  return {
    name: identity.name,
    outcome: spec?.outcome ?? (verdict === 'accepted' ? 'accepted' : 'refused'),
    about: identity.about,
    commonName: identity.commonName,
    settings,
    files: {
      ca: [ca],
      cert: pfx ? null : await file(pki.dir, identity.cert),
      key: pfx ? null : await file(pki.dir, identity.key),
      pfx,
    },
    secrets,
    expect: { verdict, cause },
  };
}

/** Every demo identity of the lab as a profile for `target`, in the order of the identities table. */
export async function demoProfiles(pki: LabPki, target: DemoTarget): Promise<DemoProfile[]> {
  const ca: DemoFile = { fileName: LAB_FILES.ca, bytes: new Uint8Array(Buffer.from(pki.caPem)) };
  return Promise.all(pki.state.identities.map((identity) => profileOf(identity, pki, target, ca)));
}
