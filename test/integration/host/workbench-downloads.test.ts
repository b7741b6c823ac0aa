// The workbench's files leave the web host only as a zip over HTTP, behind the same token as the
// page: never over the WebSocket. The host runs in-process on a free loopback port.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_PATH, type OutputInfo } from '../../../shared/certs/workbench';
import { startWebHost, type WebHost } from '../../../electron/web/host';

let dir = '';
let host: WebHost;
let output: OutputInfo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-downloads-'));
  host = await startWebHost({
    port: 0,
    dataDir: join(dir, 'data'),
    rendererDir: join(dir, 'renderer'),
    version: '0.0.0',
    log: () => undefined,
  });
  const made = await host.core.api.dispatch('certs:createCa', {
    subject: { commonName: 'Download CA' },
    key: 'ec-p256',
    validity: { notBefore: new Date().toISOString(), notAfter: new Date(Date.now() + 86_400_000).toISOString() },
  });
  if (!made.ok) throw new Error(made.error.message);
  const value = made.value as { output: OutputInfo };
  output = value.output;
  // What goes back over the contract names the files but holds none of them.
  expect(JSON.stringify(made.value)).not.toContain('PRIVATE KEY');
});

afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

const url = (id: string, token?: string) => `http://127.0.0.1:${host.port}${DOWNLOAD_PATH}${id}${token ? `?token=${token}` : ''}`;

describe('workbench downloads from the web host', () => {
  it('serves the files as a zip to the token holder, with the key readable by its owner only', async () => {
    const res = await fetch(url(output.id, host.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Download_CA-ca.zip"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['ca-key.pem', 'ca.pem', 'crl.der', 'crl.pem']);
    expect(new TextDecoder().decode(files['ca-key.pem'])).toContain('BEGIN PRIVATE KEY');
    // The Unix modes unzip restores, read by Python's zipfile (the central directory's external attributes).
    const zip = join(dir, 'ca.zip');
    await writeFile(zip, bytes);
    const modes = execFileSync('python3', [
      '-c',
      'import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, oct(i.external_attr >> 16))',
      zip,
    ]).toString();
    expect(modes).toContain('ca-key.pem 0o100600');
    expect(modes).toContain('ca.pem 0o100644');
  });

  it('refuses without the token, and says when the files are gone or the id is not one', async () => {
    expect((await fetch(url(output.id))).status).toBe(401);
    expect((await fetch(url(output.id, 'wrong-token'))).status).toBe(401);
    const gone = await fetch(url('AAAAAAAAAAAAAAAAAAAAAAAA', host.token));
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('no longer held');
    expect((await fetch(url('..%2F..%2Fetc', host.token))).status).toBe(404);
  });
});
