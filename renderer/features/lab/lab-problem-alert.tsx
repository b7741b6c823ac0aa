import { Alert, Text } from '@mantine/core';
import type { LabProblem } from '../../../shared/lab/lab-api';

/** What to do about each of the lab's own failure codes. */
function hintOf(code: string): string {
  switch (code) {
    case 'port-in-use':
      return 'Another program listens on this port: stop it, or give the lab another port (empty: 8883, or a free port when 8883 is taken).';
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
export function LabProblemAlert({ problem }: { problem: LabProblem }) {
  return (
    <Alert color="red" variant="light" p="xs" title="The lab could not start" data-testid="lab-problem" data-code={problem.code}>
      <Text fz="sm">{problem.message}</Text>
      <Text fz="sm" c="dimmed">
        {hintOf(problem.code)}
      </Text>
    </Alert>
  );
}
