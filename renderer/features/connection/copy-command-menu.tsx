import { Button, Menu } from '@mantine/core';
import type { CommandKind } from '../../../shared/profile/config-import';
import { useActions } from '../../store/store-context';
import { copyText } from '../../ui/download';
import { COMMAND_TITLES } from '../transfer/command-card';
import { useT } from '../../i18n/use-t';

/** The lines offered, in menu order (identifiers, not words). */
const KINDS: readonly CommandKind[] = ['keyhole', 'mosquitto_sub', 'openssl'];

/** "Copy as command": the profile as a keyhole / mosquitto_sub / openssl line on the clipboard, or all three shown. */
export function CopyCommandMenu({ profileId }: { profileId: string }) {
  const { profileCommands, notify, openDialog } = useActions();
  const { t } = useT(['connection', 'common']);
  const copy = async (kind: CommandKind) => {
    const r = await profileCommands(profileId);
    if (!r.ok) return notify('red', r.error.message);
    const command = r.value.find((c) => c.kind === kind)!;
    const env = command.env.map((e) => e.name).join(t('common:listSeparator'));
    if (await copyText(command.text))
      notify('green', env ? t('copy.copiedEnv', { title: COMMAND_TITLES[kind], env }) : t('copy.copied', { title: COMMAND_TITLES[kind] }));
    else openDialog({ kind: 'commands', profileId });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="copy-command">
          {t('copy.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {KINDS.map((k) => (
          <Menu.Item key={k} onClick={() => void copy(k)} ff="monospace" fz="sm">
            {COMMAND_TITLES[k]}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => openDialog({ kind: 'commands', profileId })} data-testid="show-commands">
          {t('copy.showAll')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
