// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportDialog } from '../../../../../renderer/features/transfer/import-dialog';
import { createAppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import type { ImportChoice } from '../../../../../shared/profile/transfer';
import { fakeHost, okValue, type FakeHost } from '../../../../support/renderer/fake-api';
import { importItem, importPreview, profile } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

const PASSPHRASE = 'lantern orbit velvet';
const preview = importPreview(
  [
    importItem('k1', { name: 'New device', secrets: { included: ['private-key', 'mqtt-password'], missing: [] } }),
    importItem('k2', {
      name: 'Gateway',
      keepBothName: 'Gateway (2)',
      conflict: { by: 'name', profileId: 'gw', profileName: 'Gateway' },
      secrets: { included: [], missing: ['key-passphrase'] },
      files: [{ slot: 'ca', fileName: 'ca.crt', status: 'unreadable', reason: '/etc/old/ca.crt: no such file' }],
      notes: ['MQTT 3.1 is not supported by Keyhole: this profile uses MQTT 3.1.1.'],
    }),
  ],
  { encrypted: true },
);

function setup(): { host: FakeHost; applied: { choices?: { key: string; choice: ImportChoice }[] }[] } {
  const applied: { choices?: { key: string; choice: ImportChoice }[] }[] = [];
  const host = fakeHost({
    'transfer:preview': (req) => {
      if (req.passphrase === undefined)
        return { ok: false, error: { code: 'passphrase-required', message: 'The file carries sealed secrets.' } };
      if (req.passphrase !== PASSPHRASE) return { ok: false, error: { code: 'passphrase-wrong', message: 'Wrong passphrase.' } };
      return okValue(preview);
    },
    'transfer:apply': (req) => {
      applied.push(req);
      return okValue({
        added: [{ key: 'k1', profileId: 'n1', name: 'New device' }],
        replaced: [{ key: 'k2', profileId: 'gw', name: 'Gateway' }],
        skipped: [],
      });
    },
    'profiles:list': () => okValue([profile('n1', { name: 'New device' }), profile('gw', { name: 'Gateway' })]),
    'groups:list': () => okValue([]),
  });
  const store = createAppStore(host.api);
  store.getState().openDialog({ kind: 'import' });
  render(
    <MantineProvider env="test">
      <StoreProvider store={store}>
        <ImportDialog />
      </StoreProvider>
    </MantineProvider>,
  );
  return { host, applied };
}

async function chooseFile(text = '{"format":"keyhole-profiles"}', name = 'lab.keyhole.json') {
  const input = (await screen.findByTestId('import-file-input')) as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'application/json' })] } });
}

describe('ImportDialog', () => {
  it('asks for the passphrase, says when it is wrong, then previews and applies the chosen outcome', async () => {
    const { host, applied } = setup();
    await chooseFile();
    const field = await screen.findByLabelText('Export passphrase');
    expect(host.calls.filter((c) => c.channel === 'transfer:preview')).toHaveLength(1);

    fireEvent.change(field, { target: { value: 'not it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('This passphrase does not open the file’s secrets. Nothing was imported; try again.');
    expect(host.calls.some((c) => c.channel === 'transfer:apply')).toBe(false);

    fireEvent.change(screen.getByLabelText('Export passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    const items = await screen.findAllByTestId('import-item');
    expect(items.map((i) => i.getAttribute('data-name'))).toEqual(['New device', 'Gateway']);
    // The file was read once; the retry sent the same text with the passphrase.
    const previews = host.calls
      .filter((c) => c.channel === 'transfer:preview')
      .map((c) => c.request as { text: string; passphrase?: string });
    expect(previews.map((p) => p.passphrase)).toEqual([undefined, 'not it', PASSPHRASE]);
    expect(new Set(previews.map((p) => p.text)).size).toBe(1);

    const gateway = items[1] as HTMLElement;
    expect(within(gateway).getByTestId('import-conflict').textContent).toBe('Conflicts with “Gateway” (same name)');
    expect(within(gateway).getByTestId('import-secrets-missing').textContent).toContain('key passphrase');
    expect(within(gateway).getByTestId('import-files').textContent).toContain('/etc/old/ca.crt: no such file');
    expect(within(gateway).getByTestId('import-notes').textContent).toContain('MQTT 3.1 is not supported');
    expect(within(gateway).getByTestId('import-effect').textContent).toBe('Added as “Gateway (2)”; “Gateway” stays as it is.');
    expect(screen.getByTestId('import-apply').textContent).toBe('Import 2 profiles');

    fireEvent.click(within(gateway).getByText('Replace'));
    await waitFor(() => expect(screen.getByTestId('import-apply').textContent).toBe('Import: add 1, replace 1'));
    fireEvent.click(screen.getByTestId('import-apply'));
    const result = await screen.findByTestId('import-result');
    expect(applied).toEqual([
      {
        token: 'preview-token',
        choices: [
          { key: 'k1', choice: 'keep-both' },
          { key: 'k2', choice: 'replace' },
        ],
      },
    ]);
    expect(result.textContent).toContain('1 added, 1 replaced.');
    // The gateway still lacks its key passphrase and CA: the result says what is left to do.
    expect(result.textContent).toContain('“Gateway” lacks files or secrets');
  });

  it('imports without secrets when asked', async () => {
    const { host } = setup();
    host.handle('transfer:preview', (req) =>
      req.skipSecrets
        ? okValue({ ...preview, encrypted: true, secretsSkipped: true })
        : { ok: false, error: { code: 'passphrase-required', message: 'sealed' } },
    );
    await chooseFile();
    fireEvent.click(await screen.findByRole('button', { name: 'Import without secrets' }));
    await screen.findByTestId('import-preview');
    expect(screen.getByText(/its secrets are left out, as you asked/)).toBeTruthy();
    expect(host.calls.at(-1)?.request).toMatchObject({ skipSecrets: true });
  });

  it('says why a file cannot be imported and stays on the file step', async () => {
    const { host } = setup();
    host.handle('transfer:preview', () => ({
      ok: false,
      error: { code: 'invalid-file', message: 'It is neither a Keyhole export nor an MQTT X export.' },
    }));
    await chooseFile('[1,2,3]', 'random.json');
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toContain('random.json cannot be imported: It is neither a Keyhole export nor an MQTT X export.');
    expect(screen.getByTestId('import-file-input')).toBeTruthy();
  });

  it('refuses an empty file without asking the host', async () => {
    const { host } = setup();
    await chooseFile('  \n', 'empty.json');
    expect((await screen.findByTestId('import-error')).textContent).toContain('empty.json is empty.');
    expect(host.calls).toEqual([]);
  });

  it('offers to read the file again when the preview expired', async () => {
    const { host } = setup();
    host.handle('transfer:preview', () => okValue(importPreview([importItem('k1')])));
    host.handle('transfer:apply', () => ({
      ok: false,
      error: { code: 'not-found', message: 'This import preview has expired or was already applied; open the file again.' },
    }));
    await chooseFile();
    fireEvent.click(await screen.findByTestId('import-apply'));
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toContain('has expired');
    fireEvent.click(within(error).getByRole('button', { name: 'Read the file again' }));
    await waitFor(() => expect(host.calls.filter((c) => c.channel === 'transfer:preview')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId('import-error')).toBeNull());
  });
});
