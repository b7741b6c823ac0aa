import { Button, Menu } from '@mantine/core';
import type { ResultFormat } from '../../../shared/matrix/matrix-view';
import { useT } from '../../i18n/use-t';

const FORMATS: readonly ResultFormat[] = ['junit', 'json', 'csv'];
const CSV = 'CSV';

/** Export of the run shown, in one of its formats. */
export function MatrixExportMenu({ disabled, onExport }: { disabled: boolean; onExport: (format: ResultFormat) => void }) {
  const { t } = useT('matrix');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" disabled={disabled} data-testid="matrix-export">
          {t('results.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMATS.map((f) => (
          <Menu.Item key={f} onClick={() => onExport(f)} data-testid={`matrix-export-${f}`}>
            {f === 'csv' ? CSV : t(`results.formats.${f}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
