// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionSidebar } from '../../../../../renderer/features/sidebar/connection-sidebar';
import { createAppStore, type AppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import type { Profile } from '../../../../../shared/profile/profile';
import { fakeHost, okValue, type FakeHost } from '../../../../support/renderer/fake-api';
import { profile, report } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

async function setup(profiles: Profile[]): Promise<{ store: AppStore; host: FakeHost }> {
  let current = profiles;
  const host = fakeHost({
    'profiles:list': () => okValue(current),
    'groups:list': () => okValue([{ id: 'lab', name: 'Lab devices', collapsed: false }]),
    'profiles:delete': (req) => {
      current = current.filter((p) => p.id !== req.id);
      return okValue({ id: req.id });
    },
    'groups:save': (req) => okValue({ id: req.id ?? 'g2', name: req.name, collapsed: req.collapsed ?? false }),
  });
  const store = createAppStore(host.api);
  await store.getState().loadProfiles();
  render(
    <MantineProvider env="test">
      <StoreProvider store={store}>
        <ConnectionSidebar />
      </StoreProvider>
    </MantineProvider>,
  );
  return { store, host };
}

const names = () => screen.getAllByTestId('profile-item').map((e) => e.getAttribute('data-profile-name'));

describe('ConnectionSidebar', () => {
  const all = [
    profile('a', { name: 'Alpha' }),
    profile('b', { name: 'Bravo', groupId: 'lab', settings: { ...profile('b').settings, host: 'lab.example' } }),
    profile('c', { name: 'Charlie' }),
  ];

  it('lists top-level profiles, then each group with its own', async () => {
    await setup(all);
    expect(names()).toEqual(['Alpha', 'Charlie', 'Bravo']);
    const header = screen.getByTestId('group-header');
    expect(within(header).getByText('Lab devices')).toBeTruthy();
    expect(screen.getByText('mqtts://lab.example:8883')).toBeTruthy();
  });

  it('searches by name and host', async () => {
    const { store } = await setup(all);
    fireEvent.change(screen.getByRole('textbox', { name: 'Search connections' }), { target: { value: 'lab.ex' } });
    expect(store.getState().search).toBe('lab.ex');
    expect(names()).toEqual(['Bravo']);
    fireEvent.change(screen.getByRole('textbox', { name: 'Search connections' }), { target: { value: 'nothing-like-it' } });
    expect(screen.queryAllByTestId('profile-item')).toEqual([]);
    expect(screen.getByText('Nothing matches “nothing-like-it”.')).toBeTruthy();
  });

  it('shows each connection state as its status dot', async () => {
    const { store } = await setup(all);
    store
      .getState()
      .applyConnectionInfo({ profileId: 'a', state: { status: 'failed', report: report('client-cert-unknown-ca') }, subscriptions: [] });
    await waitFor(() => {
      const dot = within(screen.getAllByTestId('profile-item')[0]!).getByTestId('status-dot');
      expect(dot.getAttribute('data-status')).toBe('failed');
      expect(dot.getAttribute('aria-label')).toBe('rejected: client-cert-unknown-ca');
    });
  });

  it('opens a profile on click', async () => {
    const { store } = await setup(all);
    fireEvent.click(screen.getByRole('button', { name: /^Open Charlie\b/ }));
    expect(store.getState().view).toEqual({ kind: 'connection', profileId: 'c' });
    expect(screen.getByRole('button', { name: /^Open Charlie\b/ }).getAttribute('aria-current')).toBe('page');
  });

  it('deletes only after confirmation', async () => {
    const { host } = await setup(all);
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Alpha' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Delete…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete connection?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(host.calls.some((c) => c.channel === 'profiles:delete')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Actions for Alpha' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Delete…' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Delete connection?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(names()).toEqual(['Charlie', 'Bravo']));
    expect(host.calls.filter((c) => c.channel === 'profiles:delete').map((c) => c.request)).toEqual([{ id: 'a' }]);
  });

  it('collapses a group', async () => {
    const { host } = await setup(all);
    fireEvent.click(screen.getByRole('button', { name: /^Collapse group Lab devices\b/ }));
    await waitFor(() => expect(names()).toEqual(['Alpha', 'Charlie']));
    expect(host.calls.find((c) => c.channel === 'groups:save')?.request).toEqual({ id: 'lab', name: 'Lab devices', collapsed: true });
  });

  it('opens import, export and settings from its menu, and exports one profile or a group from theirs', async () => {
    const { store } = await setup(all);
    fireEvent.click(screen.getByRole('button', { name: 'More: import, export, settings' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export profiles…' }));
    expect(store.getState().dialog).toEqual({ kind: 'export', profileIds: null });
    fireEvent.click(screen.getByRole('button', { name: 'More: import, export, settings' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Import profiles…' }));
    expect(store.getState().dialog).toEqual({ kind: 'import' });
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Charlie' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export…' }));
    expect(store.getState().dialog).toEqual({ kind: 'export', profileIds: ['c'] });
    fireEvent.click(screen.getByRole('button', { name: 'Actions for group Lab devices' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export group…' }));
    expect(store.getState().dialog).toEqual({ kind: 'export', profileIds: ['b'] });
  });
});
