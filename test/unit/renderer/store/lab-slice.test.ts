// The lab slice against a fake host whose status is a real lab service's (on an empty data
// folder: not issued yet, nothing started): the log keeps events that arrive while the history is
// on its way, and the broker's side of an attempt is asked for once and never overwritten by a
// late answer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabService } from '../../../../electron/core/lab/lab-service';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { LabEvent } from '../../../../shared/lab/lab-event';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function labStatus() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-slice-'));
  dirs.push(dataDir);
  const profiles = await openProfileService({ store: createMemoryStore() });
  const service = new LabService({ dataDir, profiles, defaultPort: 0 });
  return service.load();
}

const event = (seq: number, message: string): LabEvent =>
  LabEvent.parse({ kind: 'lab', level: 'info', message, seq, at: '2026-01-01T00:00:00.000Z', attempt: null });
const waitFlush = () => new Promise((r) => setTimeout(r, 80));

describe('lab slice', () => {
  it('reads the status and the history, keeping an event that arrived meanwhile', async () => {
    const status = await labStatus();
    const host = fakeHost({
      'lab:status': () => okValue(status),
      'lab:history': () => {
        // The lab logs event 3 while the history (1, 2) is on its way.
        host.emit('lab:event', event(3, 'third'));
        return okValue([event(1, 'first'), event(2, 'second')]);
      },
    });
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    await store.getState().loadLab();
    expect(store.getState()).toMatchObject({ labLoad: 'ready', lab: { state: 'stopped', issuedAt: null, identities: [] } });
    expect(
      store
        .getState()
        .labLog.buffer.toArray()
        .map((e) => e.seq),
    ).toEqual([1, 2, 3]);
    // Live events after that go on the end, in one flush.
    host.emit('lab:event', event(4, 'fourth'));
    host.emit('lab:event', event(5, 'fifth'));
    await waitFlush();
    expect(
      store
        .getState()
        .labLog.buffer.toArray()
        .map((e) => e.seq),
    ).toEqual([1, 2, 3, 4, 5]);
    store.getState().clearLabLog();
    expect(store.getState().labLog.buffer.size).toBe(0);
  });

  it('asks for the broker side of an attempt once, and keeps what an event brought over a late answer', async () => {
    let answer: () => void = () => undefined;
    const host = fakeHost({
      'lab:attempt': (r) =>
        new Promise((resolve) => {
          answer = () => resolve(okValue({ profileId: r.profileId, reportId: r.reportId, events: [] }));
        }),
    });
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    const asked = store.getState().loadLabAttempt('p1', 'r1');
    host.emit('lab:attempt', { profileId: 'p1', reportId: 'r1', events: [event(7, 'seen')] });
    answer();
    await asked;
    expect(store.getState().labAttempts['r1']?.map((e) => e.seq)).toEqual([7]);
    await store.getState().loadLabAttempt('p1', 'r1');
    expect(host.calls.filter((c) => c.channel === 'lab:attempt')).toHaveLength(1);
  });
});
