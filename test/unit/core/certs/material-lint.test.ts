// The lint a profile card shows: computed by the host when a file is imported, from the file alone.
import { describe, expect, it } from 'vitest';
import { issueCertificate, prepareIssuer } from '../../../../electron/core/certs/issue';
import { inspectMaterial } from '../../../../electron/core/certs/material-file';
import { privateKeyPem } from '../../../../electron/core/certs/keys';
import { writePkcs12 } from '../../../../electron/core/certs/pkcs12-write';

const DAY = 86_400_000;
const days = (from: number, to: number) => ({
  notBefore: new Date(Date.now() + from * DAY).toISOString(),
  notAfter: new Date(Date.now() + to * DAY).toISOString(),
});

async function pki() {
  const ca = await issueCertificate({ profile: 'ca', subject: { commonName: 'Card CA' }, key: 'ec-p256', validity: days(-1, 100) });
  if (!ca.ok) throw new Error(ca.error.message);
  const signer = await prepareIssuer({ certificate: ca.value.certificate, key: ca.value.key });
  if (!signer.ok) throw new Error(signer.error.message);
  const issue = async (profile: 'client' | 'server', cn: string, from: number, to: number) => {
    const made = await issueCertificate(
      { profile, subject: { commonName: cn }, key: 'ec-p256', validity: days(from, to), dnsNames: profile === 'server' ? [cn] : [] },
      signer.value,
    );
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  };
  return { ca: ca.value, issue };
}

const codes = (ref: { lint?: { code: string }[] }) => ref.lint?.map((f) => f.code);

describe('lint on imported files', () => {
  it('names an expired client certificate, a broker certificate used as a client, and stays quiet on a good one', async () => {
    const { issue } = await pki();
    const good = await issue('client', 'device-ok', -1, 100);
    const expired = await issue('client', 'device-old', -100, -10);
    const broker = await issue('server', 'broker.example', -1, 100);
    expect(codes(inspectMaterial('cert', 'ok.pem', Buffer.from(good.certPem)))).toEqual([]);
    const old = inspectMaterial('cert', 'old.pem', Buffer.from(expired.certPem));
    expect(codes(old)).toEqual(['cert-expired']);
    expect(old.lint?.[0]).toMatchObject({ level: 'error', subject: 'device-old' });
    expect(codes(inspectMaterial('cert', 'broker.pem', Buffer.from(broker.certPem)))).toEqual(['eku-no-client-auth']);
  });

  it('lints a CA file as issuers: a leaf in the CA slot is not a CA', async () => {
    const { ca, issue } = await pki();
    expect(codes(inspectMaterial('ca', 'ca.pem', Buffer.from(ca.certPem)))).toEqual([]);
    const leaf = await issue('client', 'not-a-ca', -1, 100);
    expect(codes(inspectMaterial('ca', 'leaf.pem', Buffer.from(leaf.certPem)))).toEqual(['ca-not-a-ca']);
  });

  it('lints an opened PKCS#12 bundle with its key and chain; keys alone are not linted', async () => {
    const { ca, issue } = await pki();
    const device = await issue('client', 'bundled', -1, 100);
    const pfx = writePkcs12({ key: device.key, chain: [device.certificate, ca.certificate], password: 'pw' });
    expect(codes(inspectMaterial('pfx', 'd.p12', pfx, new Date(), 'id', 'pw'))).toEqual([]);
    expect(inspectMaterial('pfx', 'd.p12', pfx).lint).toBeUndefined();
    expect(inspectMaterial('key', 'k.pem', Buffer.from(privateKeyPem(device.key))).lint).toBeUndefined();
  });
});
