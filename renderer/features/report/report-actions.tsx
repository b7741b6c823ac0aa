import { Button, Group, Menu } from '@mantine/core';
import { useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { copyText, downloadText } from '../../ui/download';
import { reportFileName, reportToJson, reportToMarkdown } from './report-markdown';

/** Copy the report (Markdown or JSON) and save it as a file. */
export function ReportActions({ report }: { report: ConnectReport }) {
  const [copied, setCopied] = useState<'md' | 'json' | null>(null);
  const copy = async (kind: 'md' | 'json') => {
    const ok = await copyText(kind === 'md' ? reportToMarkdown(report) : reportToJson(report));
    if (ok) {
      setCopied(kind);
      setTimeout(() => setCopied(null), 1500);
    }
  };
  return (
    <Group gap="xs">
      <Button size="xs" variant="default" onClick={() => void copy('md')} aria-label="Copy report as Markdown">
        {copied === 'md' ? 'Copied ✓' : 'Copy Markdown'}
      </Button>
      <Button size="xs" variant="default" onClick={() => void copy('json')} aria-label="Copy report as JSON">
        {copied === 'json' ? 'Copied ✓' : 'Copy JSON'}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" aria-label="Save report">
            Save…
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => downloadText(reportFileName(report, 'md'), reportToMarkdown(report), 'text/markdown')}>
            Markdown (.md)
          </Menu.Item>
          <Menu.Item onClick={() => downloadText(reportFileName(report, 'json'), reportToJson(report), 'application/json')}>
            JSON (.json)
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
