import { Button, Menu } from '@mantine/core';
import type { ResultFormat } from '../../../shared/matrix/matrix-view';

const FORMATS: { format: ResultFormat; label: string }[] = [
  { format: 'junit', label: 'JUnit XML (CI)' },
  { format: 'json', label: 'JSON (with every report)' },
  { format: 'csv', label: 'CSV' },
];

/** Export of the run shown, in one of its formats. */
export function MatrixExportMenu({ disabled, onExport }: { disabled: boolean; onExport: (format: ResultFormat) => void }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" disabled={disabled} data-testid="matrix-export">
          Export results
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMATS.map((f) => (
          <Menu.Item key={f.format} onClick={() => onExport(f.format)} data-testid={`matrix-export-${f.format}`}>
            {f.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
