// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileEditor } from '../../../../../renderer/features/profile-editor/profile-editor';
import { createAppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import { fakeHost, okValue } from '../../../../support/renderer/fake-api';
import { materialRef, profile } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

function setup() {
  const host = fakeHost({
    'profiles:save': (req) => okValue(profile('saved', { name: req.name, settings: req.settings, material: req.material })),
    'files:import': (req) => okValue(materialRef(req.slot, { id: `${req.slot}-1`, publicKeyFingerprint: 'AA' })),
  });
  const store = createAppStore(host.api);
  store.getState().navigate({ kind: 'new', groupId: null });
  render(
    <MantineProvider env="test">
      <StoreProvider store={store}>
        <ProfileEditor profileId={null} groupId={null} />
      </StoreProvider>
    </MantineProvider>,
  );
  return { host, store };
}

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('ProfileEditor', () => {
  it('marks edits as unsaved, so leaving asks first', async () => {
    const { store } = setup();
    expect(screen.queryByTestId('unsaved-badge')).toBeNull();
    fireEvent.change(field('Name'), { target: { value: 'Gateway 7' } });
    await waitFor(() => expect(store.getState().editorDirty).toBe(true));
    expect(screen.getByTestId('unsaved-badge')).toBeTruthy();
    store.getState().navigate({ kind: 'empty' });
    expect(store.getState().pendingView).toEqual({ kind: 'empty' });
  });

  it('does not save invalid values, and names the problems by field and tab', async () => {
    const { host } = setup();
    fireEvent.change(field('Host'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Enter the broker host name or IP address');
    expect(host.calls.some((c) => c.channel === 'profiles:save')).toBe(false);
    // The TLS tab has problems too (no files yet): its tab carries a count.
    expect(screen.getByRole('tab', { name: /TLS/ }).textContent).toMatch(/TLS\s*2/);
  });

  it('generates a client id', () => {
    setup();
    const before = field('Client ID').value;
    fireEvent.click(screen.getByRole('button', { name: 'Generate client ID' }));
    expect(field('Client ID').value).toMatch(/^keyhole[0-9a-f]{8}$/);
    expect(field('Client ID').value).not.toBe(before);
  });

  it('loads files through the host and saves the profile with them', async () => {
    const { host, store } = setup();
    fireEvent.change(field('Name'), { target: { value: 'Gateway 7' } });
    fireEvent.click(screen.getByRole('tab', { name: 'TLS' }));
    for (const slot of ['ca', 'cert', 'key']) {
      const input = await screen.findByTestId(`file-input-${slot}`);
      fireEvent.change(input, { target: { files: [new File(['x'], `${slot}.pem`)] } });
      await screen.findByTestId(`material-${slot}`);
    }
    expect(screen.getByTestId('key-match').getAttribute('data-match')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.getState().view).toEqual({ kind: 'connection', profileId: 'saved' }));
    const save = host.calls.find((c) => c.channel === 'profiles:save')?.request as {
      name: string;
      material: { ca: { id: string }[]; cert: { id: string } };
    };
    expect(save.name).toBe('Gateway 7');
    expect(save.material.ca.map((f) => f.id)).toEqual(['ca-1']);
    expect(save.material.cert.id).toBe('cert-1');
    expect(host.calls.filter((c) => c.channel === 'files:import')).toHaveLength(3);
  });

  it('takes a file dropped on a slot: by path in the desktop app, as bytes in the browser', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByRole('tab', { name: 'TLS' }));
    const drop = (slot: string, file: File) => {
      const zone = screen.getByTestId(`drop-${slot}`);
      fireEvent.dragOver(zone, { dataTransfer: { types: ['Files'], files: [file], dropEffect: 'none' } });
      expect(zone.getAttribute('data-dragging')).toBe('true');
      fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    };
    // Desktop: the preload's path helper knows where the file is, so main reads it.
    host.setPathForFile((f) => (f.name === 'ca.pem' ? '/home/dev/pki/ca.pem' : null));
    drop('ca', new File(['-----BEGIN CERTIFICATE-----'], 'ca.pem'));
    await screen.findByTestId('material-ca');
    // Browser: no path, the bytes go once.
    drop('cert', new File(['-----BEGIN CERTIFICATE-----'], 'device.pem'));
    await screen.findByTestId('material-cert');
    const imports = host.calls
      .filter((c) => c.channel === 'files:import')
      .map((c) => c.request as { slot: string; file: { source: string } });
    expect(imports.map((r) => [r.slot, r.file.source])).toEqual([
      ['ca', 'path'],
      ['cert', 'bytes'],
    ]);
    expect(screen.getByTestId('drop-ca').getAttribute('data-dragging')).toBeNull();
  });
});
