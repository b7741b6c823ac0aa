// The broker harness itself: the integration suite is only as good as the brokers it starts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import { startMosquitto, useBrokers } from '../../support/mosquitto';
import { closesAtOnce, silent, useHostile } from '../../support/hostile';
import { canConnect } from '../../support/ports';

const brokers = useBrokers();
const hostile = useHostile();
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-harness-'));
  pki = await makePki(join(dir, 'pki'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The protocol a TLS 1.2..1.3 client ends up with, or the error code. */
function negotiated(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(pki.ca.cert),
      cert: readFileSync(pki.clientGood.cert),
      key: readFileSync(pki.clientGood.key),
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'none');
      socket.destroy();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/** mosquitto_pub's view of a broker: exit code and output. */
function mosquittoPub(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-t', 'devices/harness', '-m', 'x', '-q', '1', '-d', ...args],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, output: stdout + stderr });
      },
    );
  });
}

describe('startMosquitto', () => {
  it('starts a listening broker and stops it by pid', async () => {
    const broker = await startMosquitto({ allowAnonymous: true });
    expect(alive(broker.pid)).toBe(true);
    expect(await canConnect(broker.port)).toBe(true);
    expect(broker.log()).toContain(`Opening ipv4 listen socket on port ${broker.port}`);
    await broker.stop();
    expect(alive(broker.pid)).toBe(false);
    expect(await canConnect(broker.port)).toBe(false);
    // The log outlives the temp dir, for post-mortems in afterAll.
    expect(broker.log()).toMatch(/mosquitto version [\d.]+ terminating/);
  });

  it('fails with the broker log when mosquitto cannot start', async () => {
    await expect(
      startMosquitto({ tls: { cafile: pki.ca.cert, certfile: join(dir, 'missing.crt'), keyfile: pki.server.key } }),
    ).rejects.toThrow(/mosquitto died before listening[\s\S]*missing\.crt/);
  });

  it('leaves anonymous clients out unless allowed (the mosquitto 2.0 default)', async () => {
    const closed = await brokers.start();
    const open = await brokers.start({ allowAnonymous: true });
    expect((await mosquittoPub(['-p', String(closed.port)])).output).toMatch(/not authori[sz]ed/i);
    expect((await mosquittoPub(['-p', String(open.port)])).code).toBe(0);
  });

  it('checks passwords from the password file', async () => {
    const broker = await brokers.start({ users: { alice: 'secret', bob: 'other' } });
    expect((await mosquittoPub(['-p', String(broker.port), '-u', 'alice', '-P', 'secret'])).code).toBe(0);
    expect((await mosquittoPub(['-p', String(broker.port), '-u', 'bob', '-P', 'other'])).code).toBe(0);
    expect((await mosquittoPub(['-p', String(broker.port), '-u', 'alice', '-P', 'wrong'])).output).toMatch(/not authori[sz]ed/i);
  });

  it('speaks TLS 1.3 by default and at most TLS 1.2 when capped', async () => {
    const tls = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true };
    const [modern, capped] = await Promise.all([brokers.start({ tls }), brokers.start({ tls: { ...tls, maxVersion: 'TLSv1.2' } })]);
    expect(await negotiated(modern.port)).toBe('TLSv1.3');
    expect(await negotiated(capped.port)).toBe('TLSv1.2');
  });
});

describe('hostile servers', () => {
  it('count connections and close the sockets they hold', async () => {
    const quiet = await hostile.track(silent());
    expect(await canConnect(quiet.port)).toBe(true);
    expect(quiet.connections()).toBe(1);
    const reset = await hostile.track(closesAtOnce());
    expect(await canConnect(reset.port)).toBe(true);
    expect(reset.connections()).toBe(1);
    await quiet.close();
    expect(quiet.openSockets()).toBe(0);
    expect(await canConnect(quiet.port)).toBe(false);
  });
});
