import { Alert, Button, Code, Group, Stack, Switch, Text } from '@mantine/core';
import { selectAppInfo } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import type { ProfileForm } from './use-profile-form';

const fileNameFor = (name: string) => `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'keyhole'}.keylog`;

/**
 * The opt-in TLS key log: each attempt's secrets in the NSS key log format, so a capture of a
 * failing handshake can be read in Wireshark. The desktop app writes it to a file chosen in a
 * save dialog; the web host only into its own data folder (it writes no path a page names).
 */
export function KeyLogField({ form, profileId }: { form: ProfileForm; profileId: string | null }) {
  const { values: v, set, update } = form;
  const info = useAppStore(selectAppInfo);
  const { pickKeyLogFile } = useActions();
  const chooses = info?.capabilities.keyLogFile === true;
  const choose = async () => {
    const r = await pickKeyLogFile(fileNameFor(v.name));
    if (r.ok) update(() => ({ keyLog: true, keyLogFile: r.value.path }));
    return r.ok;
  };
  return (
    <Stack gap={6} data-testid="key-log-field">
      <Switch
        label="Write a TLS key log (NSS format, for Wireshark)"
        description="Each attempt's TLS secrets, so a packet capture of it can be decrypted."
        checked={v.keyLog}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          // The desktop app asks where at once: a key log without a file would go nowhere the user knows.
          if (on && chooses && !v.keyLogFile) void choose();
          else set('keyLog', on);
        }}
      />
      {v.keyLog && (
        <Alert color="orange" variant="light" p="xs" title="The key log decrypts the session">
          <Text size="xs">
            Anyone with this file and a capture of the traffic can read the whole session, the MQTT password included. Each report warns
            about it; delete the file when done.
          </Text>
          {chooses ? (
            <Group gap="xs" mt={6} wrap="nowrap">
              <Code data-testid="key-log-file" style={{ overflowWrap: 'anywhere' }}>
                {v.keyLogFile || 'no file chosen'}
              </Code>
              <Button size="compact-xs" variant="default" onClick={() => void choose()}>
                Choose file…
              </Button>
            </Group>
          ) : (
            <Text size="xs" mt={6} data-testid="key-log-folder">
              This host writes it into its data folder, <Code>{info?.keyLogFolder ?? 'keylogs'}</Code>, as{' '}
              <Code>{profileId ?? '<profile id>'}.keylog</Code> (mode 0600); it writes no path a page names.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
