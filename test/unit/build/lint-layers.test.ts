import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer table of STYLE.md, checked through the project's own ESLint config: each row is
// a file path, an import it writes, and whether the lint must reject it. The rule is an
// allowlist, so a package nobody thought of is refused too.
const cases: Array<[string, string, boolean]> = [
  // shared/: itself and zod only
  ['shared/x.ts', "import { z } from 'zod';", false],
  ['shared/connect/x.ts', "import { Cause } from '../lint/report';", false],
  ['shared/x.ts', "import { createHash } from 'crypto';", true],
  ['shared/x.ts', "import { createHash } from 'node:crypto';", true],
  ['shared/x.ts', "import { Command } from 'commander';", true],
  ['shared/x.ts', "import { useState } from 'react';", true],
  ['shared/x.ts', "import { connect } from '../electron/core/connect/probe';", true],
  // renderer/: shared and its UI libraries
  ['renderer/features/x/x.tsx', "import { Cause } from '../../../shared/connect/report';", false],
  ['renderer/features/x/x.tsx', "import { Button } from '@mantine/core';", false],
  ['renderer/features/x/x.tsx', "import { useState } from 'react';", false],
  ['renderer/features/x/x.tsx', "import { readFile } from 'node:fs';", true],
  ['renderer/features/x/x.tsx', "import { ipcRenderer } from 'electron';", true],
  ['renderer/features/x/x.tsx', "import { connect } from 'mqtt';", true],
  ['renderer/features/x/x.tsx', "import { WebSocketServer } from 'ws';", true],
  ['renderer/features/x/x.tsx', "import { connect } from '../../../electron/core/connect/probe';", true],
  // electron/core: shared, node, libraries; never electron or the fronts
  ['electron/core/x.ts', "import { readFile } from 'node:fs/promises';", false],
  ['electron/core/x.ts', "import { MqttClient } from 'mqtt';", false],
  ['electron/core/x.ts', "import { app } from 'electron';", true],
  ['electron/core/host/x.ts', "import { run } from '../../main/index';", true],
  ['electron/core/host/x.ts', "import { run } from '../../preload/index';", true],
  ['electron/core/host/x.ts', "import { run } from '../../cli/main';", true],
  ['electron/core/host/x.ts', "import { run } from '../../web/host';", true],
  ['electron/core/host/x.ts', "import { run } from '../../../renderer/app';", true],
  // rooms of the core: only downwards
  ['electron/core/host/x.ts', "import { connect } from '../connect/probe';", false],
  ['electron/core/transfer/x.ts', "import { openProfileService } from '../profiles/profile-service';", false],
  ['electron/core/profiles/x.ts', "import { connect } from '../connect/probe';", false],
  ['electron/core/connect/x.ts', "import { preflight } from '../certs/preflight';", false],
  ['electron/core/profiles/x.ts', "import { createApi } from '../host/api';", true],
  ['electron/core/transfer/x.ts', "import { createApi } from '../host/api';", true],
  ['electron/core/connect/x.ts', "import { openProfileService } from '../profiles/profile-service';", true],
  ['electron/core/connect/x.ts', "import { migrate } from '../store/migrations';", true],
  ['electron/core/certs/x.ts', "import { connect } from '../connect/probe';", true],
  ['electron/core/utils/x.ts', "import { connect } from '../connect/probe';", true],
  // fronts
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';", false],
  ['electron/preload/x.ts', "import { readFile } from 'node:fs';", true],
  ['electron/preload/x.ts', "import { connect } from '../core/connect/probe';", true],
  ['electron/main/x.ts', "import { app } from 'electron';", false],
  ['electron/main/x.ts', "import { openAppCore } from '../core/host/app-core';", false],
  ['electron/main/x.ts', "import { App } from '../../renderer/app';", true],
  ['electron/cli/x.ts', "import { connect } from '../core/connect/probe';", false],
  ['electron/cli/x.ts', "import { app } from 'electron';", true],
  ['electron/cli/x.ts', "import { startWebHost } from '../web/host';", true],
  ['electron/web/x.ts', "import { app } from 'electron';", true],
];

describe('layer lint', () => {
  const eslint = new ESLint();
  it.each(cases)('%s: %s → rejected=%s', async (filePath, code, rejected) => {
    const [result] = await eslint.lintText(`${code}\nexport const used = [${code.match(/import \{ (\w+) \}/)?.[1]}];\n`, { filePath });
    const layerErrors = result!.messages.filter((m) => m.ruleId === 'keyhole/layers');
    expect(layerErrors.length > 0, JSON.stringify(result!.messages)).toBe(rejected);
  });

  it('bounds function size in source files, not in tests', async () => {
    const body = Array.from({ length: 160 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const code = `export function long() {\n${body}\n  return v0;\n}\n`;
    const [source] = await eslint.lintText(code, { filePath: 'electron/core/connect/x.ts' });
    const [test] = await eslint.lintText(code, { filePath: 'test/unit/x.test.ts' });
    expect(source!.messages.some((m) => m.ruleId === 'max-lines-per-function')).toBe(true);
    expect(test!.messages.some((m) => m.ruleId === 'max-lines-per-function')).toBe(false);
  });
});
