// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { recoveryOutcome, StoreNotices } from '../../../../../renderer/features/store-status/store-notices';
import { createAppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import type { StoreStatus } from '../../../../../shared/profile/store-status';
import { fakeHost, okValue } from '../../../../support/renderer/fake-api';
import { appSettings, recovery, storeStatus } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

async function setup(initial: StoreStatus) {
  let status = initial;
  let settings = appSettings();
  const host = fakeHost({
    'store:status': () => okValue(status),
    'settings:get': () => okValue(settings),
    'settings:save': (patch) => {
      settings = appSettings({ ...settings.ui, ...(patch.ui as Record<string, string>) });
      return okValue(settings);
    },
    'store:discardLockedSecrets': () => {
      const count = status.lockedSecrets?.count ?? 0;
      status = { ...status, lockedSecrets: undefined };
      return okValue({ count });
    },
  });
  const store = createAppStore(host.api);
  await Promise.all([store.getState().loadStoreStatus(), store.getState().loadSettings()]);
  const view = () =>
    render(
      <MantineProvider env="test">
        <StoreProvider store={store}>
          <StoreNotices />
        </StoreProvider>
      </MantineProvider>,
    );
  view();
  return { host, store, view };
}

describe('StoreNotices', () => {
  it('shows nothing for a healthy store', async () => {
    await setup(storeStatus());
    expect(screen.queryByTestId('store-notices')).toBeNull();
  });

  it('says the store was recovered and where the copy is, until dismissed (for good)', async () => {
    const rec = recovery({ kept: { profiles: 3, groups: 1 }, dropped: { profiles: 1, groups: 0, other: 2 } });
    const { host, view } = await setup(storeStatus({ recoveredFrom: rec }));
    const notice = screen.getByTestId('store-notice-recovered');
    expect(notice.textContent).toContain('The profile store was damaged and has been recovered');
    expect(notice.textContent).toContain('/data/profiles.json');
    expect(within(notice).getByTestId('store-recovery-copy').textContent).toBe(rec.path);
    expect(notice.textContent).toContain('Taken over: 3 profiles and 1 group; left behind in the copy: 1 profile, 2 other entries');

    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss the recovery notice' }));
    await waitFor(() => expect(screen.queryByTestId('store-notice-recovered')).toBeNull());
    expect(host.calls.find((c) => c.channel === 'settings:save')?.request).toEqual({ ui: { dismissedRecovery: rec.at } });
    // Drawn again (a reload): the dismissal came from the host's settings.
    cleanup();
    view();
    expect(screen.queryByTestId('store-notice-recovered')).toBeNull();
  });

  it('says plainly when nothing could be taken over, or when the copy failed', () => {
    expect(recoveryOutcome(recovery())).toMatch(
      /^Nothing could be taken over from it, so Keyhole started with an empty store \(.*\)\. Nothing in the copy was changed or deleted\.$/,
    );
    expect(recoveryOutcome(recovery({ path: null }))).not.toContain('Nothing in the copy');
  });

  it('names the damaged store with no copy as read-only', async () => {
    await setup(
      storeStatus({
        recoveredFrom: recovery({ path: null }),
        readOnly: { reason: 'The damaged store could not be copied aside; nothing is saved.' },
      }),
    );
    expect(screen.getByTestId('store-notice-read-only').textContent).toContain('nothing is saved');
    expect(screen.getByTestId('store-notice-recovered').textContent).toContain('could not be copied aside');
  });

  it('offers to discard secrets that cannot be decrypted, after confirmation', async () => {
    const { host, store } = await setup(
      storeStatus({
        lockedSecrets: {
          count: 3,
          profiles: [
            { id: 'a', name: 'Device A' },
            { id: 'b', name: 'Device B' },
          ],
          reason: 'The key file secret.key was replaced.',
        },
      }),
    );
    const notice = screen.getByTestId('store-notice-locked');
    expect(notice.textContent).toContain('3 stored secrets cannot be decrypted');
    expect(notice.textContent).toContain('“Device A”, “Device B”');
    fireEvent.click(within(notice).getByRole('button', { name: 'Discard them…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard the secrets that cannot be decrypted?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep them' }));
    expect(host.calls.some((c) => c.channel === 'store:discardLockedSecrets')).toBe(false);

    fireEvent.click(within(screen.getByTestId('store-notice-locked')).getByRole('button', { name: 'Discard them…' }));
    fireEvent.click(
      within(await screen.findByRole('dialog', { name: 'Discard the secrets that cannot be decrypted?' })).getByRole('button', {
        name: 'Discard 3 secrets',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('store-notice-locked')).toBeNull());
    expect(host.calls.filter((c) => c.channel === 'store:discardLockedSecrets')).toHaveLength(1);
    expect(store.getState().notice?.message).toBe('Discarded 3 secrets; enter them again in the profile editor.');
  });

  it('warns when secrets are not stored securely, until acknowledged', async () => {
    const { host } = await setup(
      storeStatus({
        secretBackend: {
          kind: 'safe-storage',
          secure: false,
          warning: 'No OS keyring was found (basic_text): secrets are only obfuscated.',
        },
      }),
    );
    const notice = screen.getByTestId('store-notice-insecure');
    expect(notice.textContent).toContain('Secrets are not stored securely on this machine');
    expect(notice.textContent).toContain('basic_text');
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss the warning about secret storage' }));
    await waitFor(() => expect(screen.queryByTestId('store-notice-insecure')).toBeNull());
    expect(host.calls.find((c) => c.channel === 'settings:save')?.request).toEqual({ ui: { dismissedInsecureSecrets: 'safe-storage' } });
  });
});
