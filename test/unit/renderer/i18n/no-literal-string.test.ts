// The lint that keeps visible strings in the catalogues is on for the translated folders (and
// only those): a literal there fails `npm run lint`, the same text from a catalogue passes.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function literalErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => m.message);
}

const header = `import { Button, TextInput, Tooltip } from '@mantine/core';\nimport { useT } from '../../i18n/use-t';\n`;

describe('no literal string in translated folders', () => {
  it('is on for the folders converted so far (TRANSLATED in eslint.config.js)', async () => {
    const files = [
      'renderer/app.tsx',
      'renderer/ui/yes-no.tsx',
      'renderer/features/settings/settings-dialog.tsx',
      'renderer/features/rail/sections.tsx',
      'renderer/features/store-status/store-notices.tsx',
      'renderer/features/lab/start-lab-offer.tsx',
    ];
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as { rules?: Record<string, unknown> };
      expect(config.rules?.['i18next/no-literal-string'], file).toBeDefined();
    }
  }, 60_000);

  it('fails on JSX text, a visible attribute or a string in JSX', async () => {
    const code = `${header}export function A({ on }: { on: boolean }) {
  return (
    <Tooltip label="Start the broker">
      <div>
        <Button>Start</Button>
        <TextInput placeholder="device-001" aria-label="Client id" />
        {on ? 'running' : 'stopped'}
      </div>
    </Tooltip>
  );
}
`;
    const errors = await literalErrors('renderer/features/settings/probe.tsx', code);
    expect(errors).toHaveLength(6);
  }, 60_000);

  it('passes text from the catalogue, identifiers and symbols', async () => {
    const code = `${header}export function A({ on }: { on: boolean }) {
  const { t } = useT('settings');
  return (
    <Tooltip label={t('title')} position="right" color="gray">
      <div data-testid="probe">
        <Button variant="light">{t('title')}</Button> · TLS → CA {on ? '✓' : '–'}
      </div>
    </Tooltip>
  );
}
`;
    expect(await literalErrors('renderer/features/settings/probe.tsx', code)).toEqual([]);
  }, 60_000);
});
