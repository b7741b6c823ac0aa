// How the lab's log reads and filters in the UI: each attempt is named by the CN its certificate
// presented, so filtering by "rogue" keeps every event of rogue-device's attempt (its TCP and
// CONNACK lines name no CN), and the tone says which events are bad news.
import { describe, expect, it } from 'vitest';
import { attemptNames, filterLabEvents, toneOf } from '../../../../../renderer/features/lab/lab-event-text';
import { describeLabEvent, LabEvent } from '../../../../../shared/lab/lab-event';

const at = '2026-01-01T00:00:00.000Z';
const a = (id: string, port: number) => ({ id, address: '127.0.0.1', port });
const cert = (attempt: ReturnType<typeof a>, commonName: string, verdict: 'accepted' | 'rejected') => ({
  kind: 'client-cert' as const,
  verdict,
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  commonName,
  subject: `CN=${commonName}`,
  issuer: 'CN=Keyhole Lab CA',
  serialNumber: '01',
  reason: verdict === 'accepted' ? null : 'CERT_HAS_EXPIRED',
  reasonText: verdict === 'accepted' ? null : 'certificate has expired',
  alert: verdict === 'accepted' ? null : { number: 45, name: 'certificate_expired' },
  attempt,
});

const EVENTS: LabEvent[] = [
  { kind: 'lab', level: 'info', message: 'Lab broker listening', attempt: null },
  { kind: 'connection', localAddress: '127.0.0.1', localPort: 8883, attempt: a('a1', 50001) },
  cert(a('a1', 50001), 'device-001', 'accepted'),
  { kind: 'connack', protocol: '3.1.1', code: 0, name: 'Connection Accepted', attempt: a('a1', 50001) },
  { kind: 'connection', localAddress: '127.0.0.1', localPort: 8883, attempt: a('a2', 50002) },
  cert(a('a2', 50002), 'rogue-device', 'accepted'),
  { kind: 'connack', protocol: '3.1.1', code: 5, name: 'Not authorized', attempt: a('a2', 50002) },
  cert(a('a3', 50003), 'expired-device', 'rejected'),
].map((e, i) => LabEvent.parse({ ...e, seq: i + 1, at }));

describe('the lab log in the UI', () => {
  it('names each attempt by the CN of its certificate', () => {
    expect([...attemptNames(EVENTS)]).toEqual([
      ['a1', 'device-001'],
      ['a2', 'rogue-device'],
      ['a3', 'expired-device'],
    ]);
  });

  it('filters by CN (every event of that attempt), by text and by kind', () => {
    const names = attemptNames(EVENTS);
    const seqs = (text: string, kinds: LabEvent['kind'][] = []) =>
      filterLabEvents(EVENTS, { text, kinds }, names, describeLabEvent).map((e) => e.seq);
    expect(seqs('ROGUE')).toEqual([5, 6, 7]);
    expect(seqs('rogue', ['connack'])).toEqual([7]);
    expect(seqs('listening')).toEqual([1]);
    expect(seqs('', ['client-cert'])).toEqual([3, 6, 8]);
    expect(seqs('no-such-device')).toEqual([]);
  });

  it('marks rejections and refusals as bad news, acceptances as good, plain facts as neither', () => {
    expect(EVENTS.map(toneOf)).toEqual(['info', 'info', 'ok', 'ok', 'info', 'ok', 'bad', 'bad']);
  });
});
