import { Alert, Button, Code, Group, Kbd, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useRef, useState } from 'react';
import type { ApiError } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { errorLocation, lineExcerpt, type ConfigInput } from './config-import-plan';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/** Examples of what can be pasted: the same in every language, with the word "or" between them translated. */
const CONFIG_EXAMPLE = `bridges.mqtt.cloud {
  server = "tls+mqtt-tcp://broker.example.com:8883"
  ssl { cacertfile = "/etc/certs/ca.pem", certfile = …, keyfile = …, key_password = … }
}`;
const COMMAND_EXAMPLE = `mosquitto_sub -h broker.example.com -p 8883 --cafile ca.pem --cert device.crt --key device.key -t '#'`;

/** Paste a configuration or a command line, or drop / choose a file. */
export function ConfigPasteStep(props: {
  input: ConfigInput;
  error: ApiError | null;
  busy: boolean;
  onChange: (input: ConfigInput) => void;
  onRead: (input: ConfigInput) => void;
  onCancel: () => void;
}) {
  const { t } = useT(['transfer', 'common']);
  const { readConfigFile } = useActions();
  const fileInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const canRead = props.input.text.trim() !== '' && !props.busy;
  const read = () => canRead && props.onRead(props.input);
  useHotkeys([['mod+Enter', read]], []);

  const take = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    const r = await readConfigFile(file);
    if (!r.ok) return setProblem(r.error.message);
    props.onChange(r.value);
    props.onRead(r.value);
  };
  const at = props.error ? errorLocation(props.error) : null;
  const excerpt = at ? lineExcerpt(props.input.text, at) : null;

  return (
    <Stack gap="md" data-testid="config-paste">
      <Text fz="sm" c="dimmed">
        <Trans
          t={t}
          i18nKey="config.intro"
          components={[0, 1, 2, 3, 4, 5, 6, 7].map((i) => (
            <Code key={i} />
          ))}
        />
      </Text>
      {(problem ?? props.error) && (
        <Alert color="red" variant="light" title={t('config.cannotRead')} role="alert" data-testid="config-error">
          <Text fz="sm">{problem ?? props.error?.message}</Text>
          {excerpt && (
            <Code block mt="xs" data-testid="config-error-line">
              {`${at!.line} | ${excerpt.line}\n${' '.repeat(String(at!.line).length)} | ${excerpt.caret}`}
            </Code>
          )}
        </Alert>
      )}
      <Paper
        withBorder
        p="xs"
        radius="md"
        data-dragging={over ? 'true' : undefined}
        data-testid="config-drop"
        style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-default-hover)' : undefined }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files[0]);
        }}
      >
        <Textarea
          label={t('config.text')}
          placeholder={`${CONFIG_EXAMPLE}\n\n${t('config.or')} ${COMMAND_EXAMPLE}`}
          value={props.input.text}
          onChange={(e) => props.onChange({ text: e.currentTarget.value })}
          autosize
          minRows={8}
          maxRows={12}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12.5 } }}
          data-autofocus
          data-testid="config-text"
        />
        <Group justify="space-between" mt="xs" gap="xs">
          <Text fz="xs" c="dimmed">
            {props.input.fileName ? t('config.fromFile', { file: props.input.fileName }) : ''}
            {t('config.drop')}
          </Text>
          <Button size="xs" variant="default" onClick={() => fileInput.current?.click()}>
            {t('config.choose')}
          </Button>
        </Group>
        <input
          ref={fileInput}
          type="file"
          hidden
          aria-label={t('config.fileLabel')}
          data-testid="config-file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            void take(file);
          }}
        />
      </Paper>
      <Group justify="space-between">
        <Text fz="xs" c="dimmed">
          <Trans t={t} i18nKey="config.keys" components={[<Kbd key="ctrl" />, <Kbd key="enter" />, <Kbd key="esc" />]} />
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={props.onCancel}>
            {t('common:cancel')}
          </Button>
          <Button onClick={read} disabled={!canRead} loading={props.busy} data-testid="config-read">
            {t('config.readButton')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
