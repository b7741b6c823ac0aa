import { Alert, Loader, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/ipc/contract';
import type { ProfileCommand } from '../../../shared/profile/config-import';
import { selectDialog, selectProfiles } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { CommandCard } from './command-card';
import { useT } from '../../i18n/use-t';

/** A profile as keyhole connect, mosquitto_sub and openssl s_client lines, to copy into a script. */
export function CommandsDialog() {
  const { t } = useT('transfer');
  const dialog = useAppStore(selectDialog);
  const profiles = useAppStore(selectProfiles);
  const { closeDialog } = useActions();
  const profileId = dialog?.kind === 'commands' ? dialog.profileId : null;
  const name = profiles.find((p) => p.id === profileId)?.name ?? '';
  return (
    <Modal
      opened={profileId !== null}
      onClose={closeDialog}
      title={t('commands.title', { name })}
      size={900}
      centered
      data-testid="commands-dialog"
    >
      {profileId !== null && <CommandsBody profileId={profileId} />}
    </Modal>
  );
}

function CommandsBody({ profileId }: { profileId: string }) {
  const { t } = useT('transfer');
  const { profileCommands } = useActions();
  const [commands, setCommands] = useState<ProfileCommand[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void profileCommands(profileId).then((r) => {
      if (!live) return;
      if (r.ok) setCommands(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [profileId, profileCommands]);
  if (error)
    return (
      <Alert color="red" variant="light" role="alert">
        {error.message}
      </Alert>
    );
  if (!commands) return <Loader size="sm" />;
  return (
    <ScrollArea.Autosize mah="70vh" type="auto" offsetScrollbars>
      <Stack gap="sm">
        <Text fz="sm" c="dimmed">
          {t('commands.intro')}
        </Text>
        {commands.map((c) => (
          <CommandCard key={c.kind} command={c} />
        ))}
      </Stack>
    </ScrollArea.Autosize>
  );
}
