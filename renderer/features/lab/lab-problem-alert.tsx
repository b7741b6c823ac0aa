import { Alert, Text } from '@mantine/core';
import type { LabProblem } from '../../../shared/lab/lab-api';

/** What to do about each of the lab's own failure codes. */
function hintOf(code: string, defaultPort: number): string {
  switch (code) {
    case 'port-in-use':
      return defaultPort === 0
        ? 'Another program listens on this port: stop it, or give the lab another port (empty: any free port).'
        : `Another program listens on this port: stop it, or give the lab another port (empty: ${defaultPort}, or a free port when ${defaultPort} is taken).`;
    case 'pki-damaged':
    case 'pki-expired':
      return 'Regenerate the lab to issue a new one (new CA, devices and passwords).';
    case 'config-invalid':
      return 'Correct the auth source below and save it again.';
    default:
      return 'See the lab log for details.';
  }
}

/** Why the lab could not start, and what to do about it. */
export function LabProblemAlert({ problem, defaultPort }: { problem: LabProblem; defaultPort: number }) {
  return (
    <Alert color="red" variant="light" p="xs" title="The lab could not start" data-testid="lab-problem" data-code={problem.code}>
      <Text fz="sm">{problem.message}</Text>
      <Text fz="sm" c="dimmed">
        {hintOf(problem.code, defaultPort)}
      </Text>
    </Alert>
  );
}
