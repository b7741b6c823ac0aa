import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  PasswordInput,
  ScrollArea,
  SegmentedControl,
  Spoiler,
  Stack,
  Text,
} from '@mantine/core';
import { useRef, useState } from 'react';
import {
  MAX_IMPORT_CHARS,
  SecretKind,
  type ImportChoice,
  type ImportItem,
  type ImportPreview,
  type ImportResult,
} from '../../../shared/profile/transfer';
import { selectDialog } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Trans } from 'react-i18next';
import { formatDateTime, quotedList } from '../../i18n/format';
import { i18n } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { secretKindsText } from './export-plan';
import { ConflictChoiceAll } from './conflict-choice-all';
import {
  applyLabel,
  applyRequestOf,
  chooseForConflicts,
  choiceCounts,
  commonConflictChoice,
  choiceEffect,
  choiceOptions,
  conflictText,
  initialChoices,
  needsAttention,
  resultSummary,
  START,
  stepAfterPreviewError,
  type ImportFile,
  type ImportStep,
} from './import-plan';

/** Import profiles from a Keyhole export or an MQTT X export: file → passphrase → preview with choices → result. */
export function ImportDialog() {
  const { t } = useT('transfer');
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'import';
  return (
    <Modal opened={opened} onClose={closeDialog} title={t('import.title')} size={960} centered data-testid="import-dialog">
      {opened && <ImportBody onClose={closeDialog} />}
    </Modal>
  );
}

function ImportBody({ onClose }: { onClose: () => void }) {
  const { t } = useT('transfer');
  const { previewImport, applyImport } = useActions();
  const [step, setStep] = useState<ImportStep>(START);
  const [busy, setBusy] = useState(false);

  const open = async (file: ImportFile, passphrase?: string, skipSecrets?: boolean) => {
    setBusy(true);
    const r = await previewImport({
      text: file.text,
      fileName: file.name.slice(0, 255),
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(skipSecrets ? { skipSecrets: true } : {}),
    });
    setBusy(false);
    setStep(
      r.ok
        ? { step: 'preview', file, preview: r.value, choices: initialChoices(r.value), error: null }
        : stepAfterPreviewError(file, r.error, passphrase !== undefined),
    );
  };

  const apply = async () => {
    if (step.step !== 'preview') return;
    setBusy(true);
    const r = await applyImport(applyRequestOf(step.preview, step.choices));
    setBusy(false);
    if (r.ok) return setStep({ step: 'done', preview: step.preview, result: r.value });
    // An expired preview is read again from the same file; anything else is said as it is.
    setStep({ ...step, error: r.error.code === 'not-found' ? r.error.message : t('import.notImported', { message: r.error.message }) });
  };

  switch (step.step) {
    case 'pick':
      return <PickStep error={step.error} busy={busy} onFile={(f) => void open(f)} onCancel={onClose} />;
    case 'passphrase':
      return (
        <PassphraseStep
          file={step.file}
          error={step.error}
          busy={busy}
          onOpen={(p) => void open(step.file, p)}
          onSkipSecrets={() => void open(step.file, undefined, true)}
          onBack={() => setStep(START)}
        />
      );
    case 'preview':
      return (
        <PreviewStep
          preview={step.preview}
          fileName={step.file.name}
          choices={step.choices}
          error={step.error}
          busy={busy}
          onChoice={(key, choice) => setStep({ ...step, choices: { ...step.choices, [key]: choice } })}
          onChoices={(choices) => setStep({ ...step, choices })}
          onApply={() => void apply()}
          onReload={() => void open(step.file)}
          onBack={() => setStep(START)}
        />
      );
    case 'done':
      return <DoneStep preview={step.preview} result={step.result} onClose={onClose} />;
    default: {
      const never: never = step;
      return never;
    }
  }
}

async function readImportFile(file: File): Promise<ImportFile | string> {
  if (file.size > MAX_IMPORT_CHARS)
    return i18n.t('transfer:import.tooLarge', { name: file.name, size: Math.round(MAX_IMPORT_CHARS / 1024 / 1024) });
  const text = await file.text();
  if (text.trim() === '') return i18n.t('transfer:import.empty', { name: file.name });
  return { name: file.name, text };
}

function PickStep({
  error,
  busy,
  onFile,
  onCancel,
}: {
  error: string | null;
  busy: boolean;
  onFile: (f: ImportFile) => void;
  onCancel: () => void;
}) {
  const { t } = useT(['transfer', 'common']);
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const take = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    const read = await readImportFile(file);
    if (typeof read === 'string') setProblem(read);
    else onFile(read);
  };
  const message = problem ?? error;
  return (
    <Stack gap="md">
      <Paper
        withBorder
        p="xl"
        radius="md"
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
        <Stack align="center" gap="xs">
          <Text fw={600}>{t('import.pick')}</Text>
          <Text fz="sm" c="dimmed" ta="center">
            <Trans
              t={t}
              i18nKey="import.pickHint"
              components={[<Text key="keyhole" span ff="monospace" fz="sm" />, <Text key="json" span ff="monospace" fz="sm" />]}
            />
          </Text>
          <input
            ref={input}
            type="file"
            hidden
            accept=".json,application/json"
            aria-label={t('import.fileLabel')}
            data-testid="import-file-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              // Cleared so that choosing the same file again still fires a change.
              e.currentTarget.value = '';
              void take(file);
            }}
          />
          <Button loading={busy} onClick={() => input.current?.click()} data-autofocus>
            {t('import.choose')}
          </Button>
        </Stack>
      </Paper>
      {message && (
        <Alert color="red" variant="light" title={t('import.cannot')} data-testid="import-error" role="alert">
          {message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common:cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function PassphraseStep(props: {
  file: ImportFile;
  error: string | null;
  busy: boolean;
  onOpen: (p: string) => void;
  onSkipSecrets: () => void;
  onBack: () => void;
}) {
  const { t } = useT('transfer');
  const [passphrase, setPassphrase] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (passphrase) props.onOpen(passphrase);
      }}
      data-testid="import-passphrase"
    >
      <Stack gap="md">
        <Text fz="sm">
          <Trans t={t} i18nKey="import.sealed" values={{ file: props.file.name }} components={[<Text key="file" span fw={600} />]} />
        </Text>
        <PasswordInput
          label={t('import.passphrase')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={props.error}
          autoComplete="off"
          data-autofocus
        />
        <Group justify="space-between">
          <Button variant="subtle" onClick={props.onBack}>
            {t('import.another')}
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={props.onSkipSecrets} disabled={props.busy} title={t('import.withoutTitle')}>
              {t('import.without')}
            </Button>
            <Button type="submit" loading={props.busy} disabled={!passphrase}>
              {t('import.open')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function sourceLine(preview: ImportPreview, fileName: string): string {
  return i18n.t('transfer:import.source', {
    file: fileName,
    what: i18n.t(`transfer:import.sources.${preview.source}`),
    when: preview.exportedAt ? i18n.t('transfer:import.made', { date: formatDateTime(preview.exportedAt) }) : '',
    profiles: i18n.t('transfer:profileCount', { count: preview.items.length }),
    secrets: preview.secretsSkipped
      ? i18n.t('transfer:import.secretsSkipped')
      : preview.encrypted
        ? i18n.t('transfer:import.secretsOpened')
        : '',
  });
}

function PreviewStep(props: {
  preview: ImportPreview;
  fileName: string;
  choices: Record<string, ImportChoice>;
  error: string | null;
  busy: boolean;
  onChoice: (key: string, choice: ImportChoice) => void;
  /** Every choice at once (apply to all conflicts). */
  onChoices: (choices: Record<string, ImportChoice>) => void;
  onApply: () => void;
  onReload: () => void;
  onBack: () => void;
}) {
  const { t } = useT('transfer');
  const { preview, choices } = props;
  const counts = choiceCounts(preview, choices);
  const conflicts = preview.items.filter((i) => i.conflict).length;
  return (
    <Stack gap="md" data-testid="import-preview">
      <Text fz="sm">{sourceLine(preview, props.fileName)}</Text>
      {preview.notes.length > 0 && (
        <Alert color="blue" variant="light" title={t('import.about')}>
          <List size="sm">
            {preview.notes.map((n, i) => (
              <List.Item key={i}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {conflicts > 0 && (
        <Text fz="sm" c="dimmed">
          {t('import.conflicts', { count: conflicts })}
        </Text>
      )}
      {conflicts > 1 && (
        <ConflictChoiceAll
          conflicts={conflicts}
          current={commonConflictChoice(preview, choices)}
          onChoose={(c) => props.onChoices(chooseForConflicts(preview, choices, c))}
        />
      )}
      {/* The cards scroll; the lines above and the Import button below stay in an 800×600 window. */}
      <ScrollArea.Autosize mah="max(140px, min(60vh, calc(100vh - 340px)))" type="auto" offsetScrollbars>
        <Stack gap="sm">
          {preview.items.map((item) => (
            <ImportItemCard
              key={item.key}
              item={item}
              choice={choices[item.key] ?? item.defaultChoice}
              onChoice={(c) => props.onChoice(item.key, c)}
            />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {props.error && (
        <Alert color="red" variant="light" title={t('import.failed')} data-testid="import-error" role="alert">
          <Group justify="space-between" wrap="nowrap">
            <Text fz="sm">{props.error}</Text>
            <Button size="xs" variant="light" onClick={props.onReload}>
              {t('import.reload')}
            </Button>
          </Group>
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="subtle" onClick={props.onBack}>
          {t('import.another')}
        </Button>
        <Group gap="xs">
          <Text fz="xs" c="dimmed">
            {counts.skip ? t('import.skipped', { count: counts.skip }) : ''}
          </Text>
          <Button
            onClick={props.onApply}
            loading={props.busy}
            disabled={counts['keep-both'] + counts.replace === 0}
            data-testid="import-apply"
          >
            {applyLabel(counts)}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** Secret kinds in one fixed order, whatever order the host listed them in. */
const ordered = (kinds: readonly SecretKind[]) => SecretKind.options.filter((k) => kinds.includes(k));

const FILE_STATUS: Record<ImportItem['files'][number]['status'], { mark: string; color: string }> = {
  included: { mark: '✓', color: 'teal' },
  missing: { mark: '–', color: 'orange' },
  unreadable: { mark: '✗', color: 'red' },
};

function ImportItemCard({ item, choice, onChoice }: { item: ImportItem; choice: ImportChoice; onChoice: (c: ImportChoice) => void }) {
  const { t } = useT('transfer');
  const conflict = conflictText(item);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid="import-item"
      data-name={item.name}
      data-conflict={item.conflict ? item.conflict.by : 'none'}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{item.name}</Text>
            {item.groupName && (
              <Badge variant="light" color="gray">
                {item.groupName}
              </Badge>
            )}
            {conflict ? (
              <Badge color="orange" variant="light">
                {t('import.conflict')}
              </Badge>
            ) : (
              <Badge color="green" variant="light">
                {t('import.new')}
              </Badge>
            )}
          </Group>
          <Text fz="xs" c="dimmed" ff="monospace">
            {item.target}
          </Text>
          {conflict && (
            <Text fz="sm" c="orange.8" data-testid="import-conflict">
              {conflict}
            </Text>
          )}
        </Stack>
        <SegmentedControl
          size="xs"
          value={choice}
          onChange={(v) => onChoice(v as ImportChoice)}
          data={choiceOptions(item)}
          aria-label={t('import.whatToDo', { name: item.name })}
          data-testid="import-choice"
          style={{ flexShrink: 0 }}
        />
      </Group>
      <Text fz="xs" mt={4} c="dimmed" data-testid="import-effect">
        {choiceEffect(item, choice)}
      </Text>
      <Stack gap={2} mt="xs">
        {item.secrets.included.length > 0 && (
          <Text fz="sm" data-testid="import-secrets-included">
            <Text span inherit c="teal.8" fw={600}>
              {t('import.secretsIncluded')}
            </Text>{' '}
            {secretKindsText(ordered(item.secrets.included))}
          </Text>
        )}
        {item.secrets.missing.length > 0 && (
          <Text fz="sm" data-testid="import-secrets-missing">
            <Text span inherit c="orange.8" fw={600}>
              {t('import.secretsMissing')}
            </Text>{' '}
            {secretKindsText(ordered(item.secrets.missing))}
            {t('import.enterAfter', { count: item.secrets.missing.length })}
          </Text>
        )}
        {item.files.length > 0 && (
          <List size="sm" spacing={2} listStyleType="none" data-testid="import-files">
            {item.files.map((f, i) => {
              const st = FILE_STATUS[f.status];
              return (
                <List.Item key={i} data-status={f.status}>
                  <Text span inherit c={st.color} fw={700} aria-hidden>
                    {st.mark}{' '}
                  </Text>
                  {t(`slots.${f.slot}`)}{' '}
                  <Text span inherit ff="monospace" fz="xs">
                    {f.fileName}
                  </Text>
                  {t(`import.fileStatus.${f.status}`)}
                  {f.reason ? (
                    <Text fz="xs" c="dimmed" pl="md" style={{ overflowWrap: 'anywhere' }}>
                      {f.reason}
                    </Text>
                  ) : null}
                </List.Item>
              );
            })}
          </List>
        )}
        {item.notes.length > 0 && (
          <Spoiler maxHeight={66} showLabel={t('import.showMore')} hideLabel={t('import.showLess')} fz="sm">
            <List size="sm" spacing={2} data-testid="import-notes" style={{ overflowWrap: 'anywhere' }}>
              {item.notes.map((n, i) => (
                <List.Item key={i}>{n}</List.Item>
              ))}
            </List>
          </Spoiler>
        )}
      </Stack>
    </Paper>
  );
}

function DoneStep({ preview, result, onClose }: { preview: ImportPreview; result: ImportResult; onClose: () => void }) {
  const { t } = useT(['transfer', 'common']);
  const { navigate } = useActions();
  const done = [...result.added, ...result.replaced];
  const attention = done.filter((o) => {
    const item = preview.items.find((i) => i.key === o.key);
    return item ? needsAttention(item) : false;
  });
  const openProfile = (profileId: string) => {
    navigate({ kind: 'connection', profileId });
    onClose();
  };
  return (
    <Stack gap="md" data-testid="import-result">
      <Alert
        color={done.length ? 'green' : 'gray'}
        variant="light"
        title={done.length ? t('import.imported') : t('import.nothingImported')}
      >
        {resultSummary(result)}
      </Alert>
      {done.length > 0 && (
        <List size="sm" spacing={4}>
          {done.map((o) => (
            <List.Item key={o.key}>
              <Group gap="xs">
                <Text span fz="sm">
                  {o.name}
                </Text>
                {result.replaced.some((r) => r.key === o.key) && (
                  <Badge size="xs" variant="light" color="orange">
                    {t('import.replacedBadge')}
                  </Badge>
                )}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => openProfile(o.profileId)}
                  aria-label={t('import.openLabel', { name: o.name })}
                >
                  {t('import.open')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {attention.length > 0 && (
        <Alert color="yellow" variant="light" title={t('import.stillToDo')}>
          {t('import.lacks', { count: attention.length, names: quotedList(attention.map((o) => o.name)) })}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          {t('common:close')}
        </Button>
      </Group>
    </Stack>
  );
}
