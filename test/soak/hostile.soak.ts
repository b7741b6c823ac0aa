// Long runs of what the integration suite does once: the probe against every hostile server
// for thousands of attempts, the lab broker under rounds of hostile clients, a long
// connect/disconnect loop through the connection manager, and the committed hostile corpus
// through every parser again and again. Each prints its figures and checks that heap, file
// descriptors, sockets and timers end where they began. `npm run test:soak`.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../shared/profile/profile';
import type { IdentityMaterial } from '../../electron/core/certs/material';
import { connect } from '../../electron/core/connect/probe';
import { createConnectionManager } from '../../electron/core/host/connection-manager';
import { startLab, type Lab } from '../../electron/core/lab/lab';
import { parseMatrixText } from '../../electron/core/matrix/file-plan';
import { openProfileService } from '../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../electron/core/store/store-data';
import { parseConfigText } from '../../electron/core/transfer/config-import';
import { parseImportText } from '../../electron/core/transfer/import-file';
import { eventually, material, recordUnhandled } from '../support/connect-harness';
import { FAULTS, faultLoop } from '../support/fault-loop';
import { faultServer, type Fault } from '../support/fault-server';
import { connectFlood, deviceGetsIn, holdHalfOpen, sendGarbage } from '../support/hostile-clients';
import { HOSTILE_FIXTURES } from '../support/hostile-files';
import { useHostile, type HostileServer } from '../support/hostile';
import { figures, snapshot, type Snapshot } from '../support/leak-meter';
import { useBrokers } from '../support/mosquitto';
import { makePki } from '../support/pki';

recordUnhandled();
const hostile = useHostile();
const brokers = useBrokers();

/** The loops' sizes; SOAK_SCALE=2 doubles each (the defaults fit in about six minutes on two cores). */
const SCALE = Number(process.env.SOAK_SCALE ?? 1);
const ATTEMPTS = Math.round(2000 * SCALE);
const LAB_ROUNDS = Math.round(3 * SCALE);
const CYCLES = Math.round(300 * SCALE);
const CORPUS_ROUNDS = Math.round(20 * SCALE);

/** Heap growth a loop may leave behind (V8 keeps some compiled code and caches). */
const HEAP_SLACK = 24 * 1024 * 1024;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-soak-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Waits until the process holds no more fds, sockets and timers than `before`, then checks the heap and prints. */
async function settled(what: string, started: number, before: Snapshot, extra = ''): Promise<void> {
  let now = snapshot();
  await eventually(
    () => {
      now = { ...snapshot(), heap: 0 };
      return now.fds <= before.fds && now.sockets <= before.sockets && now.timers <= before.timers;
    },
    () => `${what}: fds ${before.fds} → ${now.fds}, sockets ${before.sockets} → ${now.sockets}, timers ${before.timers} → ${now.timers}`,
    10_000,
  );
  const after = snapshot();
  console.log(figures(what, (Date.now() - started) / 1000, before, after, extra));
  expect(after.heap - before.heap).toBeLessThan(HEAP_SLACK);
}

describe('soak', () => {
  it(`the probe against every hostile server, ${ATTEMPTS} attempts`, async () => {
    const pki = await makePki(join(dir, 'pki'));
    const identity = { cert: await readFile(pki.server.cert), key: await readFile(pki.server.key) };
    const filler = await readFile(pki.ca.cert, 'utf8');
    const servers = new Map<Fault, HostileServer>();
    for (const fault of FAULTS) servers.set(fault, await hostile.track(faultServer(fault, identity, filler)));
    const good: IdentityMaterial = await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key });
    await faultLoop(FAULTS.length, (f) => servers.get(f)!.port, good);
    const before = snapshot();
    const started = Date.now();
    const causes = await faultLoop(ATTEMPTS, (f) => servers.get(f)!.port, good);
    await settled(
      `hostile servers: ${ATTEMPTS} attempts over ${FAULTS.length} faults`,
      started,
      before,
      `causes ${JSON.stringify(Object.fromEntries(causes))}`,
    );
  }, 600_000);

  it(`the lab under hostile clients, ${LAB_ROUNDS} rounds`, async () => {
    const started = await startLab({ dataDir: join(dir, 'lab'), port: 0 });
    if (!started.ok) throw new Error(started.error.message);
    const lab: Lab = started.value;
    try {
      await deviceGetsIn(lab);
      const before = snapshot();
      const t0 = Date.now();
      const ROUNDS = LAB_ROUNDS;
      for (let round = 0; round < ROUNDS; round += 1) {
        const held: Socket[] = [];
        await holdHalfOpen(lab, held, 200, 100);
        await sendGarbage(lab, held, 50);
        await connectFlood(lab, 500);
        await deviceGetsIn(lab);
        for (const s of held) s.destroy();
      }
      await settled(
        `lab under hostile clients: ${ROUNDS} rounds, ${ROUNDS * 900} hostile connections, ${ROUNDS} device attempts`,
        t0,
        before,
      );
    } finally {
      await lab.stop();
    }
  }, 600_000);

  it(`connect and disconnect through the connection manager, ${CYCLES} times`, async () => {
    const broker = await brokers.start({ allowAnonymous: true });
    const profiles = await openProfileService({ store: createMemoryStore() });
    const manager = createConnectionManager({
      probe: connect,
      resolve: (id) => profiles.resolve(id),
      onReport: () => undefined,
      emit: () => undefined,
      batch: { intervalMs: 50, maxMessages: 200 },
    });
    const settings = defaultSettings({ protocol: 'mqtt', host: '127.0.0.1', port: broker.port, clientId: 'keyhole-soak' });
    const saved = await profiles.saveProfile({ name: 'soak', groupId: null, settings, material: EMPTY_MATERIAL });
    if (!saved.ok) throw new Error(saved.error.message);
    const id = saved.value.id;
    const cycle = async () => {
      const opened = await manager.connect(id);
      expect(opened.ok && opened.value.state.status).toBe('open');
      expect((await manager.disconnect(id)).ok).toBe(true);
    };
    await cycle();
    const before = snapshot();
    const started = Date.now();
    for (let i = 0; i < CYCLES; i += 1) await cycle();
    await settled(`connect/disconnect: ${CYCLES} cycles`, started, before);
  }, 600_000);

  it(`the committed hostile corpus through every parser, ${CORPUS_ROUNDS} rounds`, async () => {
    const names = (await readdir(HOSTILE_FIXTURES)).filter((n) => !/\.(ts|sh|md)$/.test(n));
    const texts = await Promise.all(names.map(async (n) => [n, (await readFile(join(HOSTILE_FIXTURES, n))).toString('utf8')] as const));
    const once = async () => {
      for (const [name, text] of texts) {
        // Each one either parses or says why; none throws.
        for (const r of [await parseImportText(text), await parseConfigText(text), parseMatrixText(text, name)])
          if (!r.ok) expect(r.error.message.length, name).toBeGreaterThan(5);
      }
    };
    await once();
    const before = snapshot();
    const started = Date.now();
    for (let round = 0; round < CORPUS_ROUNDS; round += 1) await once();
    await settled(
      `hostile corpus: ${CORPUS_ROUNDS} rounds of ${texts.length} files through 3 parsers (${CORPUS_ROUNDS * texts.length * 3} parses)`,
      started,
      before,
    );
  }, 600_000);
});
