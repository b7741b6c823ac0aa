// The lab broker as a server under clients that misbehave: half-open TLS handshakes that never
// finish, garbage where CONNECT should be (before and after TLS), and a flood of connects that
// hang up at once. Meanwhile and afterwards a real device (the probe with device-001's
// certificate and password) still gets in, and the lab's own process keeps its sockets bounded.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startLab, type Lab } from '../../../electron/core/lab/lab';
import { eventually, recordUnhandled, socketHandles } from '../../support/connect-harness';
import { connectFlood, deviceGetsIn, holdHalfOpen, sendGarbage } from '../../support/hostile-clients';

recordUnhandled();

let dataDir: string;
let lab: Lab;
const held: Socket[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-hostile-'));
  const started = await startLab({ dataDir, port: 0 });
  if (!started.ok) throw new Error(started.error.message);
  lab = started.value;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await lab?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the lab under hostile clients', () => {
  it('serves a device while 200 half-open handshakes and 100 silent connections hang on it', async () => {
    await holdHalfOpen(lab, held, 200, 100);
    await deviceGetsIn(lab);
  });

  it('drops garbage sent in place of a ClientHello and in place of CONNECT, and keeps serving', async () => {
    await sendGarbage(lab, held, 50);
    await deviceGetsIn(lab);
  });

  it('survives a flood of 500 connects that hang up at once, and still lets the device in', async () => {
    await connectFlood(lab, 500);
    await deviceGetsIn(lab);
  });

  it('lets go of the half-open connections once their clients leave', async () => {
    for (const s of held.splice(0)) s.destroy();
    // This process holds both ends: every socket it opened toward the lab is gone again.
    await eventually(
      () => socketHandles() <= 2,
      () => `sockets still open: ${socketHandles()}`,
      10_000,
    );
    await deviceGetsIn(lab);
  });
});
