// "Connected, but may this identity do anything?" against real mosquitto with mTLS and the
// CN as username (DESIGN §4, access). Any certificate from the trusted CA gets CONNACK 0; a
// disallowed CN is stopped only by the ACL, and how depends on the mechanism and MQTT version.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKED_CLIENT_CN, GOOD_CLIENT_CN, makePki, type PkiCert, type TestPki } from '../../support/pki';
import { useBrokers, type Broker, type DynsecConfig } from '../../support/mosquitto';
import { SHORT, attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();

const TOPIC = 'devices/access-check';

/** The good CN may read and write devices/#; nobody else gets an entry, so nothing. */
const ACL = [`user ${GOOD_CLIENT_CN}`, 'topic readwrite devices/#', ''].join('\n');

/** The same policy through the dynamic-security plugin, which also denies SUBSCRIBE. */
const DYNSEC: DynsecConfig = {
  defaultACLAccess: { publishClientSend: false, publishClientReceive: false, subscribe: false, unsubscribe: true },
  clients: [{ username: GOOD_CLIENT_CN, roles: [{ rolename: 'device' }] }],
  groups: [],
  roles: [
    {
      rolename: 'device',
      acls: [
        { acltype: 'publishClientSend', topic: 'devices/#', allow: true },
        { acltype: 'publishClientReceive', topic: 'devices/#', allow: true },
        { acltype: 'subscribePattern', topic: 'devices/#', allow: true },
      ],
    },
  ],
};

let dir: string;
let pki: TestPki;
let aclBroker: Broker;
let dynsecBroker: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-access-'));
  pki = await makePki(join(dir, 'pki'));
  const tls = {
    cafile: pki.ca.cert,
    certfile: pki.server.cert,
    keyfile: pki.server.key,
    requireCertificate: true,
    useIdentityAsUsername: true,
  };
  [aclBroker, dynsecBroker] = await Promise.all([brokers.start({ tls, acl: ACL }), brokers.start({ tls, dynsec: DYNSEC })]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = async (broker: Broker, client: PkiCert, mqttVersion: '3.1.1' | '5') =>
  attempt({
    settings: settings(broker.port, { mqttVersion, accessCheckTopic: TOPIC, timeouts: { ...SHORT, connack: 5000 } }),
    material: await material({ ca: [pki.ca.cert], cert: client.cert, key: client.key }),
  });

describe.each(['3.1.1', '5'] as const)('access check under MQTT %s', (mqttVersion) => {
  it.each([
    ['acl_file', () => aclBroker],
    ['dynamic security', () => dynsecBroker],
  ] as const)('lets the good device subscribe, publish and hear its echo (%s)', async (_name, broker) => {
    const { report } = await run(broker(), pki.clientGood, mqttVersion);
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.access).toMatchObject({ topic: TOPIC, echo: true, subscribe: { granted: true, codes: [1] }, publish: { ok: true } });
    expect(report.timeline.at(-1)).toMatchObject({ phase: 'access', ok: true });
  });

  it('reports a blocked device behind a subscribe-denying ACL as subscribe denied', async () => {
    const { report } = await run(dynsecBroker, pki.clientBlocked, mqttVersion);
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'access', cause: 'access-subscribe-denied' });
    // The CONNACK itself was a plain success: the identity got in and may do nothing.
    expect(report.mqtt?.connackCode).toBe(0);
    // SUBACK failure: 0x80 under 3.1.1 (§3.9.3), 0x87 Not authorized under 5.
    const code = mqttVersion === '5' ? 0x87 : 0x80;
    expect(report.access?.subscribe).toMatchObject({ granted: false, codes: [code] });
    expect(report.access?.publish ?? null).toBeNull();
  });
});

describe('a blocked device behind acl_file', () => {
  // mosquitto's acl_file grants every subscription and filters at delivery; under 3.1.1 it
  // also acknowledges the denied PUBLISH with a plain PUBACK. Only the missing echo shows it.
  it('is reported as no echo under MQTT 3.1.1', async () => {
    const { report } = await run(aclBroker, pki.clientBlocked, '3.1.1');
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'access', cause: 'access-no-echo' });
    expect(report.mqtt?.connackCode).toBe(0);
    expect(report.access).toMatchObject({ subscribe: { granted: true }, publish: { ok: true }, echo: false });
    expect(report.tls?.clientCertificate?.commonName).toBe(BLOCKED_CLIENT_CN);
  });

  // Under MQTT 5 mosquitto answers the denied QoS 1 PUBLISH with PUBACK 0x87 Not authorized.
  it('is reported as publish denied under MQTT 5', async () => {
    const { report } = await run(aclBroker, pki.clientBlocked, '5');
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'access', cause: 'access-publish-denied' });
    expect(report.access).toMatchObject({
      subscribe: { granted: true },
      publish: { ok: false, code: 0x87, name: 'Not authorized' },
      echo: false,
    });
  });
});
