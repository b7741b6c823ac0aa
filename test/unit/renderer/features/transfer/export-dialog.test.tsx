// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportDialog } from '../../../../../renderer/features/transfer/export-dialog';
import { createAppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import { fakeHost, okValue } from '../../../../support/renderer/fake-api';
import { appInfo, materialRef, profile, storeStatus } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

const keyed = profile('a', {
  name: 'Device A',
  material: { ca: [materialRef('ca')], cert: materialRef('cert'), key: materialRef('key'), pfx: null },
  secrets: { hasPassphrase: true, hasPassword: false, hasPfxPassword: false },
});
const other = profile('b', { name: 'Device B', secrets: { hasPassphrase: false, hasPassword: true, hasPfxPassword: false } });

async function setup(profileIds: string[] | null, options: { saveDialog?: boolean; locked?: boolean } = {}) {
  const downloads: { fileName: string; text: string }[] = [];
  const host = fakeHost({
    'app:info': () => okValue(appInfo({}, { saveDialog: options.saveDialog ?? false })),
    'profiles:list': () => okValue([keyed, other]),
    'groups:list': () => okValue([]),
    'store:status': () =>
      okValue(
        storeStatus(
          options.locked
            ? { lockedSecrets: { count: 1, profiles: [{ id: 'a', name: 'Device A' }], reason: 'The key file was replaced.' } }
            : {},
        ),
      ),
    'transfer:export': (req) =>
      okValue({
        fileName: 'keyhole-profiles.keyhole.json',
        json: JSON.stringify(req),
        profiles: req.profileIds?.length ?? 2,
        missingSecrets: [],
      }),
    'transfer:save': () => ({ ok: false, error: { code: 'cancelled', message: 'The export was not saved.' } }),
  });
  const store = createAppStore(host.api, { download: (fileName, text) => void downloads.push({ fileName, text }) });
  await Promise.all([store.getState().loadAppInfo(), store.getState().loadProfiles(), store.getState().loadStoreStatus()]);
  store.getState().openDialog({ kind: 'export', profileIds });
  render(
    <MantineProvider env="test">
      <StoreProvider store={store}>
        <ExportDialog />
      </StoreProvider>
    </MantineProvider>,
  );
  const dialog = await screen.findByRole('dialog', { name: 'Export profiles' });
  return { host, store, downloads, dialog };
}

describe('ExportDialog', () => {
  it('exports without secrets by default and names what stays out', async () => {
    const { host, store, downloads, dialog } = await setup(null);
    const missing = within(dialog).getByTestId('export-missing-secrets');
    expect(missing.textContent).toContain('Device A: private key and key passphrase');
    expect(missing.textContent).toContain('Device B: MQTT password');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 2 profiles' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(host.calls.find((c) => c.channel === 'transfer:export')?.request).toEqual({ withSecrets: false });
    expect(downloads[0]?.fileName).toBe('keyhole-profiles.keyhole.json');
    await waitFor(() => expect(store.getState().dialog).toBeNull());
    expect(store.getState().notice?.message).toContain('without secrets');
  });

  it('exports the chosen profiles with secrets only once the passphrase is long enough and confirmed', async () => {
    const { host, downloads, dialog } = await setup(['a']);
    const boxes = within(within(dialog).getByTestId('export-selection')).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, false]);
    fireEvent.click(boxes[1] as HTMLInputElement);
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Export 2 profiles' })).toBeTruthy());

    fireEvent.click(within(dialog).getByRole('switch', { name: /^Include secrets/ }));
    const passphrase = await within(dialog).findByLabelText('Passphrase');
    fireEvent.change(passphrase, { target: { value: 'short' } });
    expect(within(dialog).getByTestId('passphrase-strength').getAttribute('data-score')).toBe('0');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 2 profiles' }));
    await within(dialog).findByText('Use a passphrase of at least 8 characters.');

    fireEvent.change(passphrase, { target: { value: 'lantern orbit velvet' } });
    fireEvent.change(within(dialog).getByLabelText('Confirm passphrase'), { target: { value: 'lantern orbit velvex' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 2 profiles' }));
    await within(dialog).findByText('The two passphrases differ.');
    expect(host.calls.some((c) => c.channel === 'transfer:export')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('Confirm passphrase'), { target: { value: 'lantern orbit velvet' } });
    expect(within(dialog).getByTestId('export-complete').textContent).toContain('Every secret of these profiles goes into the file');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 2 profiles' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(host.calls.find((c) => c.channel === 'transfer:export')?.request).toEqual({
      profileIds: ['a', 'b'],
      withSecrets: true,
      passphrase: 'lantern orbit velvet',
    });
  });

  it('warns that secrets which cannot be decrypted here will be missing', async () => {
    const { dialog } = await setup(['a'], { locked: true });
    fireEvent.click(within(dialog).getByRole('switch', { name: /^Include secrets/ }));
    const missing = await within(dialog).findByTestId('export-missing-secrets');
    expect(missing.textContent).toContain('Some secrets cannot be decrypted here and will be missing');
    expect(missing.textContent).toContain('Device A');
  });

  it('uses the desktop save dialog, and a cancelled one leaves the dialog open without an error', async () => {
    const { host, store, downloads, dialog } = await setup(['b'], { saveDialog: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export 1 profile…' }));
    await waitFor(() => expect(host.calls.some((c) => c.channel === 'transfer:save')).toBe(true));
    expect(downloads).toEqual([]);
    expect(store.getState().dialog).toEqual({ kind: 'export', profileIds: ['b'] });
    expect(within(dialog).queryByTestId('export-error')).toBeNull();
  });
});
