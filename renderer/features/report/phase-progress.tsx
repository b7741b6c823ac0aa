import { Group, Loader, Paper, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { phaseLabel } from './cause-text';
import { LIVE_PHASES, type ChipMarks, type ChipState } from './phase-marks';
import { useT } from '../../i18n/use-t';

const COLORS: Record<ChipState, string> = {
  pending: 'gray',
  'not-reached': 'gray',
  skipped: 'gray',
  started: 'blue',
  passed: 'teal',
  warned: 'orange',
  failed: 'red',
};
/** A phase no mark has reached yet. */
const PENDING: ChipState = 'pending';
const GLYPHS: Record<ChipState, string> = {
  pending: '·',
  'not-reached': '·',
  skipped: '–',
  started: '',
  passed: '✓',
  warned: '!',
  failed: '✕',
};

/** Phases lighting up as phase events arrive; the same strip summarises a finished report. */
export function PhaseProgress({ marks }: { marks: ChipMarks }) {
  // ws:// and wss:// have an HTTP upgrade between TLS and CONNECT: its chip shows once it is reached.
  const { t } = useT('report');
  const phases = marks.websocket ? LIVE_PHASES.flatMap((p) => (p === 'connack' ? (['websocket', p] as const) : [p])) : LIVE_PHASES;
  return (
    <Group gap={6} wrap="wrap" role="list" aria-label={t('marks.list')} data-testid="phase-progress">
      {phases.map((phase) => {
        const mark = marks[phase];
        const state: ChipState = mark?.state ?? PENDING;
        const dim = state === 'pending' || state === 'not-reached' || state === 'skipped';
        return (
          <Tooltip key={phase} label={mark?.detail ?? t('marks.waiting')} withinPortal multiline maw={360}>
            <Paper
              role="listitem"
              withBorder
              radius="xl"
              pl={4}
              pr="sm"
              py={4}
              data-testid={`phase-${phase}`}
              data-state={state}
              aria-label={`${phaseLabel(phase)}: ${mark?.short ?? t(`marks.states.${state}`)}${mark?.detail ? ` (${mark.detail})` : ''}`}
              style={{
                borderColor: dim ? undefined : `var(--mantine-color-${COLORS[state]}-filled)`,
                // Dashed and dimmed, not faded: a faded label falls below 4.5:1 (WCAG 2.1 §1.4.3).
                borderStyle: state === 'not-reached' || state === 'skipped' ? 'dashed' : undefined,
              }}
            >
              <Group gap={6} wrap="nowrap">
                <ThemeIcon size={20} radius="xl" color={COLORS[state]} variant={dim ? 'light' : 'filled'}>
                  {state === 'started' ? (
                    <Loader size={10} color="white" />
                  ) : (
                    <Text fz={11} fw={700} lh={1}>
                      {GLYPHS[state]}
                    </Text>
                  )}
                </ThemeIcon>
                <Text fz="sm" fw={500} c={dim ? 'dimmed' : undefined}>
                  {phaseLabel(phase)}
                </Text>
                {mark?.short && (
                  <Text fz="xs" c="dimmed" data-testid={`phase-${phase}-short`}>
                    {mark.short}
                  </Text>
                )}
              </Group>
            </Paper>
          </Tooltip>
        );
      })}
    </Group>
  );
}
