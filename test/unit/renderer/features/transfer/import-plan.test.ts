import { describe, expect, it } from 'vitest';
import {
  applyLabel,
  applyRequestOf,
  chooseForConflicts,
  choiceCounts,
  commonConflictChoice,
  choiceEffect,
  choiceOptions,
  conflictText,
  initialChoices,
  needsAttention,
  resultSummary,
  stepAfterPreviewError,
} from '../../../../../renderer/features/transfer/import-plan';
import { contract } from '../../../../../shared/ipc/contract';
import { importItem, importPreview } from '../../../../support/renderer/fixtures';

const fresh = importItem('k1', { name: 'New device' });
const clash = importItem('k2', {
  name: 'Gateway',
  keepBothName: 'Gateway (2)',
  conflict: { by: 'name', profileId: 'p-gw', profileName: 'Gateway' },
});
const same = importItem('k3', {
  name: 'Sensor',
  keepBothName: 'Sensor (2)',
  conflict: { by: 'id', profileId: 'p-s', profileName: 'Sensor old' },
});
const preview = importPreview([fresh, clash, same]);
const file = { name: 'lab.keyhole.json', text: '{}' };

describe('import plan', () => {
  it('starts from the host defaults: keep both, never replace', () => {
    expect(initialChoices(preview)).toEqual({ k1: 'keep-both', k2: 'keep-both', k3: 'keep-both' });
  });

  it('applies one choice to every conflicting item at once, leaving the others as they were', () => {
    const start = { ...initialChoices(preview), k1: 'skip' as const };
    expect(commonConflictChoice(preview, start)).toBe('keep-both');
    const replaced = chooseForConflicts(preview, start, 'replace');
    expect(replaced).toEqual({ k1: 'skip', k2: 'replace', k3: 'replace' });
    expect(commonConflictChoice(preview, replaced)).toBe('replace');
    expect(applyRequestOf(preview, replaced).choices).toEqual([
      { key: 'k1', choice: 'skip' },
      { key: 'k2', choice: 'replace' },
      { key: 'k3', choice: 'replace' },
    ]);
    // One card changed afterwards: the conflicts no longer share a choice.
    expect(commonConflictChoice(preview, { ...replaced, k3: 'skip' })).toBeNull();
    expect(commonConflictChoice(importPreview([fresh]), { k1: 'keep-both' })).toBeNull();
  });

  it('offers replace only where there is something to replace', () => {
    expect(choiceOptions(fresh).map((o) => o.value)).toEqual(['keep-both', 'skip']);
    expect(choiceOptions(clash).map((o) => `${o.value}:${o.label}`)).toEqual(['keep-both:Keep both', 'replace:Replace', 'skip:Skip']);
  });

  it('says what each choice will do', () => {
    expect(choiceEffect(fresh, 'keep-both')).toBe('Added as “New device”.');
    expect(choiceEffect(clash, 'keep-both')).toBe('Added as “Gateway (2)”; “Gateway” stays as it is.');
    expect(choiceEffect(clash, 'replace')).toBe('Replaces “Gateway” (its files, secrets and settings).');
    expect(choiceEffect(clash, 'skip')).toBe('Not imported.');
    expect(conflictText(fresh)).toBeNull();
    expect(conflictText(clash)).toBe('Conflicts with “Gateway” (same name)');
    expect(conflictText(same)).toBe('Same profile as “Sensor old” (exported from here or imported before)');
  });

  it('turns the choices into the apply request, every item in preview order', () => {
    const request = applyRequestOf(preview, { k2: 'replace', k3: 'skip' });
    expect(request).toEqual({
      token: 'preview-token',
      choices: [
        { key: 'k1', choice: 'keep-both' },
        { key: 'k2', choice: 'replace' },
        { key: 'k3', choice: 'skip' },
      ],
    });
    expect(contract['transfer:apply'].request.safeParse(request).success).toBe(true);
  });

  it('counts what will happen and labels the button with it', () => {
    expect(choiceCounts(preview, initialChoices(preview))).toEqual({ 'keep-both': 3, replace: 0, skip: 0 });
    const counts = choiceCounts(preview, { k1: 'skip', k2: 'replace', k3: 'keep-both' });
    expect(counts).toEqual({ 'keep-both': 1, replace: 1, skip: 1 });
    // "Replace" without a conflict adds, as the host does.
    expect(choiceCounts(importPreview([fresh]), { k1: 'replace' })).toEqual({ 'keep-both': 1, replace: 0, skip: 0 });
    expect(applyLabel({ 'keep-both': 3, replace: 0, skip: 0 })).toBe('Import 3 profiles');
    expect(applyLabel({ 'keep-both': 1, replace: 0, skip: 2 })).toBe('Import 1 profile');
    expect(applyLabel(counts)).toBe('Import: add 1, replace 1');
    expect(applyLabel({ 'keep-both': 0, replace: 2, skip: 0 })).toBe('Replace 2 profiles');
    expect(applyLabel({ 'keep-both': 0, replace: 0, skip: 3 })).toBe('Nothing to import');
  });

  it('asks for the passphrase, says when it is wrong, and sends other failures back to the file', () => {
    expect(stepAfterPreviewError(file, { code: 'passphrase-required', message: 'sealed' }, false)).toEqual({
      step: 'passphrase',
      file,
      error: null,
    });
    const wrong = stepAfterPreviewError(file, { code: 'passphrase-wrong', message: 'no' }, true);
    expect(wrong.step === 'passphrase' && wrong.error).toBe(
      'This passphrase does not open the file’s secrets. Nothing was imported; try again.',
    );
    expect(stepAfterPreviewError(file, { code: 'invalid-file', message: 'not an export' }, false)).toEqual({
      step: 'pick',
      error: 'lab.keyhole.json cannot be imported: not an export',
    });
    expect(stepAfterPreviewError(file, { code: 'internal', message: 'boom' }, false)).toEqual({
      step: 'pick',
      error: 'lab.keyhole.json could not be read: boom',
    });
  });

  it('sums up the result and what still needs the user', () => {
    expect(
      resultSummary({
        added: [{ key: 'k1', profileId: 'a', name: 'A' }],
        replaced: [{ key: 'k2', profileId: 'b', name: 'B' }],
        skipped: [{ key: 'k3', name: 'C' }],
      }),
    ).toBe('1 added, 1 replaced, 1 skipped.');
    expect(resultSummary({ added: [], replaced: [], skipped: [] })).toBe('Nothing was imported.');
    expect(needsAttention(fresh)).toBe(false);
    expect(needsAttention(importItem('x', { secrets: { included: [], missing: ['mqtt-password'] } }))).toBe(true);
    expect(
      needsAttention(importItem('y', { files: [{ slot: 'ca', fileName: 'ca.crt', status: 'unreadable', reason: 'no such file' }] })),
    ).toBe(true);
  });
});
