import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer table of STYLE.md, checked through the project's own ESLint config: each row is
// a file path, an import it writes, and whether the lint must reject it.
const cases: Array<[string, string, boolean]> = [
  ['renderer/features/x/x.tsx', "import { readFile } from 'node:fs';", true],
  ['renderer/features/x/x.tsx', "import { ipcRenderer } from 'electron';", true],
  ['renderer/features/x/x.tsx', "import { connect } from '../../../electron/core/connect/probe';", true],
  ['renderer/features/x/x.tsx', "import { Cause } from '../../../shared/connect/report';", false],
  ['shared/x.ts', "import { createHash } from 'crypto';", true],
  ['shared/x.ts', "import { z } from 'zod';", false],
  ['electron/core/x.ts', "import { app } from 'electron';", true],
  ['electron/core/x.ts', "import { readFile } from 'node:fs/promises';", false],
  ['electron/preload/x.ts', "import { readFile } from 'node:fs';", true],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';", false],
  ['electron/cli/x.ts', "import { app } from 'electron';", true],
  ['electron/web/x.ts', "import { app } from 'electron';", true],
  ['electron/main/x.ts', "import { app } from 'electron';", false],
];

describe('layer lint', () => {
  const eslint = new ESLint();
  it.each(cases)('%s: %s → rejected=%s', async (filePath, code, rejected) => {
    const [result] = await eslint.lintText(`${code}\nexport const used = [${code.match(/import \{ (\w+) \}/)?.[1]}];\n`, { filePath });
    const layerErrors = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(layerErrors.length > 0, JSON.stringify(result!.messages)).toBe(rejected);
  });
});
