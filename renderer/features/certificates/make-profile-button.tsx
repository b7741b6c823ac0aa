import { Button, Group, NumberInput, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useActions } from '../../store/store-context';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/** "Make a profile" from a kept identity: asks only where the broker is, then opens the new profile. */
export function MakeProfileButton({
  caId,
  serialNumber,
  name,
  compact = false,
}: {
  caId: string;
  serialNumber: string;
  name: string;
  compact?: boolean;
}) {
  const { t } = useT('certificates');
  const { makeProfile } = useActions();
  const [opened, setOpened] = useState(false);
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState<number | string>(8883);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!host.trim()) return setError(t('profile.needHost'));
    setBusy(true);
    setError(null);
    const r = await makeProfile({ caId, serialNumber, host: host.trim(), port: typeof port === 'number' ? port : 8883 });
    setBusy(false);
    if (r.ok) setOpened(false);
    else setError(r.error.message);
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button
          size={compact ? 'compact-xs' : 'xs'}
          variant="light"
          onClick={() => setOpened((o) => !o)}
          aria-label={t('profile.label', { name })}
        >
          {t('profile.make')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="xs" w={260}>
            <Text fz="sm">
              <Trans t={t} i18nKey="profile.body" values={{ name }} components={[<b key="name" />]} />
            </Text>
            <Group gap="xs" wrap="nowrap">
              <TextInput label={t('profile.host')} value={host} onChange={(e) => setHost(e.currentTarget.value)} data-autofocus />
              <NumberInput label={t('profile.port')} value={port} onChange={setPort} min={1} max={65535} w={90} />
            </Group>
            {error && (
              <Text c="red" fz="xs" role="alert">
                {error}
              </Text>
            )}
            <Button type="submit" size="xs" loading={busy} data-testid="make-profile-submit">
              {t('profile.create')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
