import { describe, expect, it } from 'vitest';
import { connackCodeName, formatCode, isGranted, reasonCodeName, subackCodeName } from '../../../../shared/mqtt/reason-codes';
import { tlsAlertName, tlsAlertNumber } from '../../../../shared/connect/tls-alerts';

describe('MQTT code tables', () => {
  it.each([
    ['3.1.1', 0, 'Connection Accepted'],
    ['3.1.1', 4, 'Bad user name or password'],
    ['3.1.1', 5, 'Not authorized'],
    ['5', 0x00, 'Success'],
    ['5', 0x86, 'Bad User Name or Password'],
    ['5', 0x87, 'Not authorized'],
    ['5', 0x9f, 'Connection rate exceeded'],
  ] as const)('CONNACK %s %i is %s', (version, code, name) => {
    expect(connackCodeName(version, code)).toBe(name);
  });
  it('names unknown codes in hex', () => {
    expect(connackCodeName('3.1.1', 9)).toBe('Unknown code 0x09');
    expect(reasonCodeName(0x7f)).toBe('Unknown code 0x7f');
  });
  it('SUBACK codes per version', () => {
    expect(subackCodeName('3.1.1', 0x80)).toBe('Failure');
    expect(subackCodeName('5', 0)).toBe('Granted QoS 0');
    expect(subackCodeName('5', 0x87)).toBe('Not authorized');
    expect(isGranted(1)).toBe(true);
    expect(isGranted(0x80)).toBe(false);
  });
  it('formats codes as the specification writes them', () => {
    expect(formatCode(0x87)).toBe('0x87');
    expect(formatCode(5)).toBe('0x05');
  });
});

describe('TLS alert registry', () => {
  it('maps numbers and names both ways', () => {
    expect(tlsAlertName(116)).toBe('certificate_required');
    expect(tlsAlertNumber('unknown_ca')).toBe(48);
    expect(tlsAlertName(250)).toBe('alert_250');
  });
});
