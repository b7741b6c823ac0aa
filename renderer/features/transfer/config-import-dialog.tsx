import { Modal } from '@mantine/core';
import { useState } from 'react';
import { selectDialog } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { configApplyRequest, EMPTY_INPUT, type ConfigInput, type ConfigStep } from './config-import-plan';
import { ConfigPasteStep } from './config-paste-step';
import { ConfigPreviewStep } from './config-preview-step';
import { useT } from '../../i18n/use-t';

/** "New from config or command line": paste or drop → what it maps to → create the profile. */
export function ConfigImportDialog() {
  const { t } = useT('transfer');
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'from-config';
  return (
    <Modal opened={opened} onClose={closeDialog} title={t('config.title')} size={1000} centered data-testid="config-import-dialog">
      {opened && <ConfigImportBody onClose={closeDialog} />}
    </Modal>
  );
}

function ConfigImportBody({ onClose }: { onClose: () => void }) {
  const { t } = useT('transfer');
  const { previewConfig, attachImportFile, applyImport, navigate, notify } = useActions();
  const [step, setStep] = useState<ConfigStep>({ step: 'paste', input: EMPTY_INPUT, error: null });
  const [busy, setBusy] = useState(false);

  const read = async (input: ConfigInput) => {
    setBusy(true);
    const r = await previewConfig({
      text: input.text,
      ...(input.fileName ? { fileName: input.fileName.slice(0, 255) } : {}),
      ...(input.path ? { path: input.path } : {}),
    });
    setBusy(false);
    setStep(
      r.ok ? { step: 'preview', input, preview: r.value, names: {}, skipped: {}, error: null } : { step: 'paste', input, error: r.error },
    );
  };

  const attach = async (key: string, index: number, file?: File) => {
    if (step.step !== 'preview') return;
    const r = await attachImportFile({ token: step.preview.token, key, index, ...(file ? { file } : {}) });
    if (r.ok) setStep({ ...step, preview: r.value, error: null });
    else if (r.error.code !== 'cancelled') setStep({ ...step, error: r.error.message });
  };

  const create = async () => {
    if (step.step !== 'preview') return;
    setBusy(true);
    const r = await applyImport(configApplyRequest(step.preview, step.names, step.skipped));
    setBusy(false);
    if (!r.ok) return setStep({ ...step, error: r.error.message });
    const made = r.value.added;
    onClose();
    if (made[0]) navigate({ kind: 'connection', profileId: made[0].profileId });
    notify('green', made.length === 1 ? t('config.createdOne', { name: made[0]!.name }) : t('config.createdMany', { count: made.length }));
  };

  if (step.step === 'paste')
    return (
      <ConfigPasteStep
        input={step.input}
        error={step.error}
        busy={busy}
        onChange={(input) => setStep({ step: 'paste', input, error: null })}
        onRead={(input) => void read(input)}
        onCancel={onClose}
      />
    );
  return (
    <ConfigPreviewStep
      input={step.input}
      preview={step.preview}
      names={step.names}
      skipped={step.skipped}
      error={step.error}
      busy={busy}
      onName={(key, name) => setStep({ ...step, names: { ...step.names, [key]: name } })}
      onSkip={(key, skip) => setStep({ ...step, skipped: { ...step.skipped, [key]: skip } })}
      onAttach={(key, index, file) => void attach(key, index, file)}
      onCreate={() => void create()}
      onBack={() => setStep({ step: 'paste', input: step.input, error: null })}
    />
  );
}
