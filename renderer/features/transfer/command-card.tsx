import { Button, Code, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProfileCommand } from '../../../shared/profile/config-import';
import { copyText } from '../../ui/download';
import { useT } from '../../i18n/use-t';

export const COMMAND_TITLES: Record<ProfileCommand['kind'], string> = {
  keyhole: 'keyhole connect',
  mosquitto_sub: 'mosquitto_sub',
  openssl: 'openssl s_client',
};

/** One command line with what it needs: the files it reads and the variables that hold its secrets. */
export function CommandCard({ command }: { command: ProfileCommand }) {
  const { t } = useT(['transfer', 'common']);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(command.text)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }
  };
  return (
    <Paper withBorder p="sm" radius="md" data-testid="command-card" data-kind={command.kind}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{COMMAND_TITLES[command.kind]}</Text>
          <Button
            size="xs"
            variant="default"
            onClick={() => void copy()}
            aria-label={t('commands.copyLine', { command: COMMAND_TITLES[command.kind] })}
          >
            {copied ? t('commands.copied') : t('common:copy')}
          </Button>
        </Group>
        <Code block data-testid="command-text" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {command.text}
        </Code>
        {command.files.length > 0 && (
          <div>
            <Text fz="sm" fw={600}>
              {t('commands.files')}
            </Text>
            <List size="sm" spacing={1} data-testid="command-files">
              {command.files.map((f) => (
                <List.Item key={f.name}>
                  <Text span ff="monospace" fz="xs">
                    {f.name}
                  </Text>
                  : {f.what}
                  {f.from.length > 1 || f.from[0] !== f.name ? t('commands.from', { files: f.from.join(', ') }) : ''}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {command.env.length > 0 && (
          <div>
            <Text fz="sm" fw={600}>
              {t('commands.env')}
            </Text>
            <List size="sm" spacing={1} data-testid="command-env">
              {command.env.map((e) => (
                <List.Item key={e.name}>
                  <Text span ff="monospace" fz="xs">
                    {e.name}
                  </Text>
                  : {e.what}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {command.notes.length > 0 && (
          <List size="xs" spacing={1} c="dimmed" data-testid="command-notes">
            {command.notes.map((n, i) => (
              <List.Item key={i}>{n}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
