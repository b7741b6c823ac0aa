// Text from files printed to a terminal: escape sequences in a file name must not reach it.
import { describe, expect, it } from 'vitest';
import { printable, printableData } from '../../../electron/cli/printable';

describe('printable', () => {
  it('shows C0 and C1 controls as \\xHH and keeps line feeds, tabs and other text', () => {
    expect(printable('\x1b]0;pwned\x07\x1b[31mred.pem')).toBe('\\x1b]0;pwned\\x07\\x1b[31mred.pem');
    expect(printable('a\tb\nc\r\x00\x7f\x9b é 设备')).toBe('a\tb\nc\\x0d\\x00\\x7f\\x9b é 设备');
  });

  it('makes every string of a report printable, at any depth', () => {
    expect(printableData({ a: ['\x1b[2J'], b: { c: 'x\x08' }, n: 1, z: null })).toEqual({
      a: ['\\x1b[2J'],
      b: { c: 'x\\x08' },
      n: 1,
      z: null,
    });
  });
});
