// Two distinguishable store states, A (even counter) and B (odd counter), big enough that a
// save takes a few milliseconds: the crash test kills the writer in the middle of them.
import { defaultSettings } from '../../../shared/connect/settings';
import type { Profile } from '../../../shared/profile/profile';
import { emptyStore, type StoreData } from '../../../electron/core/store/store-data';

const AT = '2026-01-01T00:00:00.000Z';

export const variantOf = (counter: number): 'A' | 'B' => (counter % 2 === 0 ? 'A' : 'B');
export const profileCount = (counter: number) => (variantOf(counter) === 'A' ? 160 : 90);

export function stateFor(counter: number): StoreData {
  const variant = variantOf(counter);
  const data = emptyStore();
  data.settings.ui = { counter, variant };
  data.groups = [{ id: `group-${variant}`, name: `Group ${variant} ${counter}`, collapsed: variant === 'B' }];
  for (let i = 0; i < profileCount(counter); i++) {
    const id = `${variant}-${i}`;
    const p: Profile = {
      id,
      name: `${variant} ${counter} #${i}`,
      groupId: i % 3 === 0 ? `group-${variant}` : null,
      settings: defaultSettings({
        host: `device-${i}.${variant.toLowerCase()}.example`,
        clientId: `${variant}-${counter}-${i}`,
        username: `user-${i}`,
      }),
      material: { ca: [], cert: null, key: null, pfx: null },
      secrets: { hasPassphrase: false, hasPassword: true, hasPfxPassword: false },
      notes: `${variant} ${counter} `.repeat(40),
      createdAt: AT,
      updatedAt: AT,
    };
    data.profiles.push(p);
    // Sealed on every save where the value changed: the writer does real encryption work too.
    data.vault.secrets[id] = { password: `password ${variant} ${counter} ${i}` };
  }
  return data;
}

/** Why `data` is not exactly `stateFor(its counter)`, or null when it is. */
export function inconsistency(data: StoreData): string | null {
  const counter = data.settings.ui.counter;
  if (typeof counter !== 'number') return `no counter (profiles: ${data.profiles.length})`;
  const expected = stateFor(counter);
  if (data.settings.ui.variant !== variantOf(counter)) return `counter ${counter} with variant ${String(data.settings.ui.variant)}`;
  if (data.profiles.length !== expected.profiles.length)
    return `counter ${counter}: ${data.profiles.length} profiles, expected ${expected.profiles.length}`;
  for (let i = 0; i < expected.profiles.length; i++) {
    const got = data.profiles[i]!;
    const want = expected.profiles[i]!;
    if (got.name !== want.name || got.notes !== want.notes || got.settings.clientId !== want.settings.clientId)
      return `counter ${counter}: profile ${i} is ${got.name}`;
    if (data.vault.secrets[got.id]?.password !== expected.vault.secrets[want.id]?.password)
      return `counter ${counter}: secret of profile ${i} differs`;
  }
  return null;
}
