import { Button, Menu } from '@mantine/core';
import type { CommandKind } from '../../../shared/profile/config-import';
import { useActions } from '../../store/store-context';
import { copyText } from '../../ui/download';
import { COMMAND_TITLES } from '../transfer/command-card';

/** "Copy as command": the profile as a keyhole / mosquitto_sub / openssl line on the clipboard, or all three shown. */
export function CopyCommandMenu({ profileId }: { profileId: string }) {
  const { profileCommands, notify, openDialog } = useActions();
  const copy = async (kind: CommandKind) => {
    const r = await profileCommands(profileId);
    if (!r.ok) return notify('red', r.error.message);
    const command = r.value.find((c) => c.kind === kind)!;
    const env = command.env.map((e) => e.name).join(', ');
    if (await copyText(command.text))
      notify('green', `Copied the ${COMMAND_TITLES[kind]} line${env ? `; it reads ${env} from the environment` : ''}.`);
    else openDialog({ kind: 'commands', profileId });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="copy-command">
          Copy as command
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(['keyhole', 'mosquitto_sub', 'openssl'] as const).map((k) => (
          <Menu.Item key={k} onClick={() => void copy(k)} ff="monospace" fz="sm">
            {COMMAND_TITLES[k]}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => openDialog({ kind: 'commands', profileId })} data-testid="show-commands">
          Show the lines and what they need…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
