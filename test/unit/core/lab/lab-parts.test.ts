// Small parts of the lab: the DN of a certificate, the event ring, the MQTT 5 refusal, matching a
// report to the lab's events of its attempt.
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { ConnectReport } from '../../../../shared/connect/report';
import type { LabEvent } from '../../../../shared/lab/lab-event';
import { describeLabEvent } from '../../../../shared/lab/lab-event';
import { attemptKeyOf, labEventsOf } from '../../../../electron/core/lab/attempt-match';
import { escapeDnValue, rfc4514 } from '../../../../electron/core/lab/cert-identity';
import { LabLog } from '../../../../electron/core/lab/lab-log';
import { MQTT5_REFUSAL_REASON, mqtt5UnsupportedConnack } from '../../../../electron/core/lab/mqtt-broker';

describe('subject DN (RFC 4514)', () => {
  it('puts the most specific RDN first and escapes what must be', () => {
    expect(rfc4514([{ C: ['DE'] }, { O: ['Keyhole, Lab'] }, { CN: ['dev+1'], UID: ['x'] }])).toBe('CN=dev\\+1+UID=x,O=Keyhole\\, Lab,C=DE');
    expect(escapeDnValue(' #lead')).toBe('\\ #lead');
    expect(escapeDnValue('#x')).toBe('\\#x');
    expect(escapeDnValue('trail ')).toBe('trail\\ ');
    expect(escapeDnValue('a"b;c<d>e\\f')).toBe('a\\"b\\;c\\<d\\>e\\\\f');
    expect(escapeDnValue('x\r\nFLUSHALL')).toBe('x\\0D\\0AFLUSHALL');
  });
});

describe('LabLog', () => {
  it('keeps the newest events up to its limit, numbered in order, and survives a throwing listener', () => {
    const log = new LabLog(3, () => new Date('2025-01-01T00:00:00Z'));
    const heard: number[] = [];
    log.on(() => {
      throw new Error('listener bug');
    });
    const off = log.on((e) => heard.push(e.seq));
    for (let i = 1; i <= 5; i++) log.emit({ kind: 'lab', attempt: null, level: 'info', message: `m${i}` });
    expect(log.recent().map((e) => (e.kind === 'lab' ? e.message : ''))).toEqual(['m3', 'm4', 'm5']);
    expect(log.recent().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(heard).toEqual([1, 2, 3, 4, 5]);
    off();
    log.emit({ kind: 'lab', attempt: null, level: 'info', message: 'm6' });
    expect(heard).toHaveLength(5);
  });
});

describe('the MQTT 5 refusal', () => {
  it('is a CONNACK an MQTT 5 parser reads as 0x84 Unsupported Protocol Version with the reason', () => {
    for (const reason of [MQTT5_REFUSAL_REASON, null]) {
      const parser = mqttPacket.parser({ protocolVersion: 5 });
      const packets: mqttPacket.Packet[] = [];
      parser.on('packet', (p) => packets.push(p));
      parser.parse(mqtt5UnsupportedConnack(reason));
      expect(packets).toHaveLength(1);
      expect(packets[0]).toMatchObject({ cmd: 'connack', reasonCode: 0x84, sessionPresent: false });
      expect((packets[0] as mqttPacket.IConnackPacket).properties?.reasonString).toBe(reason ?? undefined);
    }
  });
});

describe('matching a report to the lab events of its attempt', () => {
  const at = (ms: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + ms).toISOString();
  const event = (seq: number, ms: number, id: string, port: number, kind: 'connection' | 'closed' = 'connection'): LabEvent =>
    kind === 'connection'
      ? { seq, at: at(ms), attempt: { id, address: '127.0.0.1', port }, kind, localAddress: '127.0.0.1', localPort: 8883 }
      : { seq, at: at(ms), attempt: { id, address: '127.0.0.1', port }, kind, reason: 'closed by the client' };
  const report = (startMs: number, port: number, address = '127.0.0.1') =>
    ({
      startedAt: at(startMs),
      durationMs: 50,
      target: { address },
      timeline: [{ phase: 'tcp', ok: true, startMs: 0, endMs: 1, detail: '', data: { localPort: port } }],
    }) as unknown as ConnectReport;

  it('takes the attempt from the same source port during the report, not an earlier one on a reused port', () => {
    const events = [
      event(1, 0, 'a1', 50000),
      event(2, 10, 'a1', 50000, 'closed'),
      event(3, 60_000, 'a2', 50000),
      event(4, 60_020, 'a2', 50000, 'closed'),
      event(5, 60_001, 'a3', 50001),
    ];
    expect(labEventsOf(report(59_990, 50000), events).map((e) => e.seq)).toEqual([3, 4]);
    expect(labEventsOf(report(0, 50000), events).map((e) => e.seq)).toEqual([1, 2]);
    expect(labEventsOf(report(30_000, 50000), events)).toEqual([]);
    expect(labEventsOf(report(60_000, 50000, '::1'), events)).toEqual([]);
  });

  it('has no key for a report that never got a TCP connection', () => {
    expect(attemptKeyOf({ ...report(0, 1), timeline: [] } as ConnectReport)).toBeNull();
    expect(attemptKeyOf(report(0, 41000, '::ffff:127.0.0.1'))).toEqual({ address: '127.0.0.1', port: 41000 });
  });

  it('describes each kind of event in one line', () => {
    expect(describeLabEvent(event(1, 0, 'a1', 1))).toBe('TCP connection to 127.0.0.1:8883');
    expect(describeLabEvent(event(2, 0, 'a1', 1, 'closed'))).toBe('closed: closed by the client');
  });
});
