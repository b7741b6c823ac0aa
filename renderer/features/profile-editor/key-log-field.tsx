import { Alert, Button, Code, Group, Stack, Switch, Text } from '@mantine/core';
import { selectAppInfo } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import type { ProfileForm } from './use-profile-form';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

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
  const { t } = useT('profileEditor');
  const chooses = info?.capabilities.keyLogFile === true;
  const choose = async () => {
    const r = await pickKeyLogFile(fileNameFor(v.name));
    if (r.ok) update(() => ({ keyLog: true, keyLogFile: r.value.path }));
    return r.ok;
  };
  return (
    <Stack gap={6} data-testid="key-log-field">
      <Switch
        label={t('keyLog.label')}
        description={t('keyLog.help')}
        checked={v.keyLog}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          // The desktop app asks where at once: a key log without a file would go nowhere the user knows.
          if (on && chooses && !v.keyLogFile) void choose();
          else set('keyLog', on);
        }}
      />
      {v.keyLog && (
        <Alert color="orange" variant="light" p="xs" title={t('keyLog.title')}>
          <Text size="xs">{t('keyLog.warning')}</Text>
          {chooses ? (
            <Group gap="xs" mt={6} wrap="nowrap">
              <Code data-testid="key-log-file" style={{ overflowWrap: 'anywhere' }}>
                {v.keyLogFile || t('keyLog.noFile')}
              </Code>
              <Button size="compact-xs" variant="default" onClick={() => void choose()}>
                {t('keyLog.choose')}
              </Button>
            </Group>
          ) : (
            <Text size="xs" mt={6} data-testid="key-log-folder">
              <Trans
                t={t}
                i18nKey="keyLog.folder"
                values={{ folder: info?.keyLogFolder ?? 'keylogs', file: `${profileId ?? t('keyLog.profileId')}.keylog` }}
                components={[<Code key="folder" />, <Code key="file" />]}
              />
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
