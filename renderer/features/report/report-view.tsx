import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { causeFocus } from './cause-text';
import { ClientHead } from './client-head';
import { ReportDetails } from './report-details';
import { VerdictBanner } from './verdict-banner';

/**
 * The handshake report: verdict, timeline and one panel per layer; `children` go right under the
 * verdict. `aside` (the broker's side of the attempt, when the lab saw it) sits beside the
 * client's side where the pane is wide enough, and under its timeline where it is not.
 */
export function ReportView({ report, children, aside }: { report: ConnectReport; children?: ReactNode; aside?: ReactNode }) {
  // Open the panels that explain this cause; keyed by attempt so a new report resets them.
  const open = [...causeFocus(report.cause).panels];
  return (
    <Stack gap="md" data-testid="report-view" data-report-id={report.id}>
      <VerdictBanner report={report} />
      {children}
      {aside ? (
        <div className="report-sides">
          <div className="report-sides-grid">
            <Stack gap="md" style={{ gridArea: 'head', minWidth: 0 }}>
              <ClientHead report={report} />
            </Stack>
            <div style={{ gridArea: 'broker', minWidth: 0 }}>{aside}</div>
            <Stack gap="md" style={{ gridArea: 'details', minWidth: 0 }}>
              <ReportDetails report={report} open={open} />
            </Stack>
          </div>
        </div>
      ) : (
        <>
          <ClientHead report={report} />
          <ReportDetails report={report} open={open} />
        </>
      )}
    </Stack>
  );
}
