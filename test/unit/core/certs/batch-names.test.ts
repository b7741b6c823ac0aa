import { describe, expect, it } from 'vitest';
import { csvField, fileStems, namesFromList, namesFromPattern } from '../../../../electron/core/certs/batch-names';

describe('batch names', () => {
  it('numbers a pattern with at least three digits, as wide as the count', () => {
    expect(namesFromPattern('device-{n}', 3)).toEqual({ ok: true, value: ['device-001', 'device-002', 'device-003'] });
    const wide = namesFromPattern('d{n}', 1200);
    expect(wide.ok && [wide.value[0], wide.value.at(-1)]).toEqual(['d0001', 'd1200']);
  });

  it('puts a fresh UUID in each {uuid}', () => {
    const names = namesFromPattern('{uuid}', 50);
    if (!names.ok) throw new Error(names.error.message);
    expect(new Set(names.value).size).toBe(50);
    for (const n of names.value) expect(n).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses CNs over 64 characters and patterns that repeat', () => {
    expect(namesFromPattern('x'.repeat(70), 1)).toMatchObject({ ok: false, error: { code: 'names-invalid' } });
    expect(namesFromPattern('fixed', 2)).toMatchObject({ ok: false });
    expect(namesFromPattern('fixed', 1)).toEqual({ ok: true, value: ['fixed'] });
  });

  it('reads plain lists and CSV files with or without a cn column', () => {
    expect(namesFromList('# devices\ndev-a\r\n\n dev-b \n')).toEqual({ ok: true, value: ['dev-a', 'dev-b'] });
    expect(namesFromList('serial,cn,site\n1,"dev, with comma",x\n2,"say ""hi""",y\n')).toEqual({
      ok: true,
      value: ['dev, with comma', 'say "hi"'],
    });
    expect(namesFromList('\uFEFFdev-1,site\ndev-2,site\n')).toEqual({ ok: true, value: ['dev-1', 'dev-2'] });
    expect(namesFromList('  \n# only comments\n')).toMatchObject({ ok: false, error: { message: 'The list of CNs is empty.' } });
    expect(namesFromList('cn\na\n\na\n')).toMatchObject({ ok: false, error: { message: 'The CN "a" appears twice: one device, one CN.' } });
  });

  it('makes safe, unique file stems', () => {
    expect(fileStems(['../x', 'a b', 'A_b', 'Dev', 'dev', '.hidden'])).toEqual(['__x', 'a_b', 'A_b-2', 'Dev', 'dev-2', '_hidden']);
  });

  it('quotes CSV fields only when needed', () => {
    expect(['plain', 'a,b', 'say "x"', ' lead'].map(csvField)).toEqual(['plain', '"a,b"', '"say ""x"""', '" lead"']);
  });
});
