import { Button, Group, Menu } from '@mantine/core';
import { useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { copyText, downloadText } from '../../ui/download';
import { reportFileName, reportToJson, reportToMarkdown } from './report-markdown';
import { useT } from '../../i18n/use-t';

/** Copy the report (Markdown or JSON) and save it as a file. */
export function ReportActions({ report }: { report: ConnectReport }) {
  const { t } = useT('report');
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
      <Button size="xs" variant="default" onClick={() => void copy('md')} aria-label={t('actions.copyMarkdownLabel')}>
        {copied === 'md' ? t('actions.copied') : t('actions.copyMarkdown')}
      </Button>
      <Button size="xs" variant="default" onClick={() => void copy('json')} aria-label={t('actions.copyJsonLabel')}>
        {copied === 'json' ? t('actions.copied') : t('actions.copyJson')}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" aria-label={t('actions.saveLabel')}>
            {t('actions.save')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => downloadText(reportFileName(report, 'md'), reportToMarkdown(report), 'text/markdown')}>
            {t('actions.markdownFile')}
          </Menu.Item>
          <Menu.Item onClick={() => downloadText(reportFileName(report, 'json'), reportToJson(report), 'application/json')}>
            {t('actions.jsonFile')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
