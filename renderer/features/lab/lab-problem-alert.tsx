import { Alert, Text } from '@mantine/core';
import type { LabProblem } from '../../../shared/lab/lab-api';
import { useT } from '../../i18n/use-t';

/** What to do about each of the lab's own failure codes. */
type T = ReturnType<typeof useT<'lab'>>['t'];

function hintOf(t: T, code: string, defaultPort: number): string {
  switch (code) {
    case 'port-in-use':
      return defaultPort === 0 ? t('problem.portAny') : t('problem.port', { port: defaultPort });
    case 'pki-damaged':
    case 'pki-expired':
      return t('problem.pki');
    case 'config-invalid':
      return t('problem.config');
    default:
      return t('problem.other');
  }
}

/** Why the lab could not start, and what to do about it. */
export function LabProblemAlert({ problem, defaultPort }: { problem: LabProblem; defaultPort: number }) {
  const { t } = useT('lab');
  return (
    <Alert color="red" variant="light" p="xs" title={t('problem.title')} data-testid="lab-problem" data-code={problem.code}>
      <Text fz="sm">{problem.message}</Text>
      <Text fz="sm" c="dimmed">
        {hintOf(t, problem.code, defaultPort)}
      </Text>
    </Alert>
  );
}
