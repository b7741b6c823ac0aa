// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptHistory } from '../../../../../renderer/features/connection/attempt-history';
import type { ConnectReport } from '../../../../../shared/connect/report';
import { report } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

const newest = report('ok', { startedAt: '2025-06-01T12:00:00.000Z' });
const middle = report('client-cert-unknown-ca', { startedAt: '2025-06-01T11:00:00.000Z' });
const oldest = report('tcp-refused', { startedAt: '2025-06-01T10:00:00.000Z' });

function setup() {
  const opened: ConnectReport[] = [];
  render(
    <MantineProvider env="test">
      <AttemptHistory reports={[newest, middle, oldest]} shownId={newest.id} onOpen={(r) => opened.push(r)} />
    </MantineProvider>,
  );
  return { opened, rows: () => screen.getAllByTestId('attempt-row') };
}

describe('AttemptHistory', () => {
  it('lists verdict, cause and phase per attempt, and opens one in the report view', () => {
    const { opened, rows } = setup();
    expect(rows().map((r) => r.getAttribute('data-verdict'))).toEqual(['accepted', 'rejected', 'failed']);
    expect(rows()[1]?.textContent).toContain('client-cert-unknown-ca');
    expect(rows()[1]?.textContent).toContain('Client cert');
    expect(rows()[0]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(within(rows()[2] as HTMLElement).getByRole('button', { name: /^Open the report of / }));
    expect(opened.map((r) => r.id)).toEqual([oldest.id]);
  });

  it('compares exactly two ticked attempts; a third tick replaces the oldest pick', async () => {
    setup();
    const compare = () => screen.getByTestId('compare-attempts') as HTMLButtonElement;
    const tick = (i: number) => fireEvent.click(within(screen.getAllByTestId('attempt-row')[i] as HTMLElement).getByRole('checkbox'));
    expect(compare().disabled).toBe(true);
    tick(0);
    expect(compare().disabled).toBe(true);
    tick(1);
    tick(2);
    expect(compare().textContent).toBe('Compare 2/2');
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([false, true, true]);
    fireEvent.click(compare());
    const table = await screen.findByTestId('attempt-compare');
    // The earlier attempt is on the left: the refused one, then the rejected one.
    const verdict = within(table)
      .getAllByTestId('compare-row')
      .find((r) => r.getAttribute('data-label') === 'Verdict');
    expect(verdict?.textContent).toMatch(/Failed.*Rejected/);
  });
});
