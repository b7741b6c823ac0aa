import { Button, Menu } from '@mantine/core';
import { useRef, useState, type ChangeEvent } from 'react';
import type { FolderFile } from '../../../shared/matrix/matrix-view';
import { fileToBase64 } from '../../api/file-bytes';
import { useActions } from '../../store/store-context';
import { FileRowsModal } from './file-rows-modal';
import { ProfileRowsModal } from './profile-rows-modal';
import { useT } from '../../i18n/use-t';

/** A browser folder's files with their paths inside the folder (the folder's own name dropped). */
async function folderFiles(files: readonly File[]): Promise<FolderFile[]> {
  return Promise.all(
    files.map(async (f) => {
      const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
      return { path: rel.includes('/') ? rel.slice(rel.indexOf('/') + 1) : rel, base64: await fileToBase64(f) };
    }),
  );
}

/** Where new rows come from: the lab's identities, saved profiles, one identity's files, or a batch folder. */
export function AddRowsMenu({ onProblem }: { onProblem: (message: string | null) => void }) {
  const { t } = useT('matrix');
  const { addMatrixRows } = useActions();
  const [modal, setModal] = useState<'profiles' | 'files' | null>(null);
  const [busy, setBusy] = useState(false);
  const folderRef = useRef<HTMLInputElement>(null);
  const add = async (source: Parameters<typeof addMatrixRows>[0]) => {
    setBusy(true);
    const r = await addMatrixRows(source);
    setBusy(false);
    onProblem(r.ok ? null : r.error.message);
  };
  const onFolder = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])];
    e.currentTarget.value = '';
    if (files.length === 0) return;
    await add({ kind: 'batch', files: await folderFiles(files) });
  };
  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="xs" loading={busy} data-testid="matrix-add-rows">
            {t('rows.add')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void add({ kind: 'lab' })} data-testid="matrix-add-lab">
            {t('rows.lab')}
          </Menu.Item>
          <Menu.Item onClick={() => setModal('profiles')}>{t('rows.profiles')}</Menu.Item>
          <Menu.Item onClick={() => setModal('files')}>{t('rows.files')}</Menu.Item>
          <Menu.Item onClick={() => folderRef.current?.click()}>{t('rows.batch')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <input
        ref={folderRef}
        type="file"
        hidden
        multiple
        // A batch folder (manifest.csv, certs/, keys/, pfx/) as the workbench writes it.
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => void onFolder(e)}
        data-testid="matrix-batch-folder"
      />
      <ProfileRowsModal opened={modal === 'profiles'} onClose={() => setModal(null)} />
      <FileRowsModal opened={modal === 'files'} onClose={() => setModal(null)} />
    </>
  );
}
