// The layer table of STYLE.md as an allowlist, the way VS Code states its layers: each folder
// names what it may import (folders of this repository, npm packages, Node built-ins); anything
// it does not name is refused. Inside electron/core, rooms import only rooms below them.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILTINS = new Set(builtinModules);

/** The rooms of electron/core, lowest first; a room may import only rooms of a lower rank (DESIGN.md §3). */
// workbench/ (the certificate workbench's CAs, issuing and "Make a profile") sits on profiles/,
// whose document keeps the CAs and which it uses to make profiles; beside transfer/, below lab/
// (whose PKI may come from it later).
export const CORE_ROOMS = {
  secrets: 0,
  certs: 0,
  store: 1,
  connect: 1,
  profiles: 2,
  transfer: 3,
  workbench: 3,
  lab: 4,
  matrix: 5,
  host: 6,
};

const RENDERER_PACKAGES = [
  /^react(-dom)?(\/|$)/,
  /^@mantine\//,
  /^zustand(\/|$)/,
  /^@tanstack\/react-virtual$/,
  // Payload views: CBOR (RFC 8949) and MessagePack decoders, pure JavaScript.
  /^cbor2$/,
  /^@msgpack\/msgpack$/,
  /^i18next(\/|$)/,
  /^react-i18next$/,
  // Drag and drop in the sidebar (pointer and keyboard, with screen reader announcements).
  /^@dnd-kit\/(core|sortable|utilities)$/,
];

/**
 * Per layer: the repository folders it may import from, whether Node built-ins are allowed, and
 * which npm packages (`true` for any except the forbidden ones).
 */
export const LAYERS = [
  { folder: 'shared', folders: ['shared'], node: false, packages: [/^zod(\/|$)/] },
  { folder: 'renderer', folders: ['renderer', 'shared'], node: false, packages: RENDERER_PACKAGES },
  { folder: 'electron/core', folders: ['electron/core', 'shared'], node: true, packages: true, forbidden: [/^electron(\/|$)/] },
  {
    folder: 'electron/main',
    folders: ['electron/main', 'electron/core', 'shared'],
    node: true,
    packages: [/^electron(\/|$)/, /^zod(\/|$)/],
  },
  { folder: 'electron/preload', folders: ['electron/preload', 'shared'], node: false, packages: [/^electron(\/|$)/] },
  {
    folder: 'electron/cli',
    folders: ['electron/cli', 'electron/core', 'shared'],
    node: true,
    packages: true,
    forbidden: [/^electron(\/|$)/],
  },
  {
    folder: 'electron/web',
    folders: ['electron/web', 'electron/core', 'shared'],
    node: true,
    packages: true,
    forbidden: [/^electron(\/|$)/],
  },
];

const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);
const repoPath = (abs) => relative(ROOT, abs).split(sep).join('/');

/** Why `spec`, imported by the repository file `file`, breaks its layer; null when allowed. */
export function layerViolation(file, spec) {
  const layer = LAYERS.find((l) => within(file, l.folder));
  if (!layer) return null;
  if (spec.startsWith('.')) {
    const target = repoPath(resolve(ROOT, dirname(file), spec));
    if (target.endsWith('.css')) return null;
    if (!layer.folders.some((f) => within(target, f))) {
      return `${layer.folder}/ may import only ${layer.folders.map((f) => `${f}/`).join(', ')}; not ${target}`;
    }
    return roomViolation(file, target);
  }
  const name = spec.startsWith('node:')
    ? spec
    : spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/');
  if (spec.startsWith('node:') || BUILTINS.has(name)) {
    return layer.node ? null : `${layer.folder}/ runs without Node: no ${spec}`;
  }
  if (layer.forbidden?.some((re) => re.test(spec))) return `${layer.folder}/ must not import ${spec}`;
  if (layer.packages === true || layer.packages.some((re) => re.test(spec))) return null;
  return `${layer.folder}/ may not import the package ${spec} (not on its list)`;
}

function roomViolation(file, target) {
  if (!within(file, 'electron/core') || !within(target, 'electron/core')) return null;
  const roomOf = (p) => p.split('/')[2];
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to || from === undefined || to === undefined) return null;
  const a = CORE_ROOMS[from];
  const b = CORE_ROOMS[to];
  if (a === undefined) return `electron/core/${from}/ is not a room of the core (DESIGN.md §3)`;
  if (b === undefined || b >= a) return `core room ${from}/ may import only rooms below it; not ${to}/`;
  return null;
}

/** The ESLint rule: every import, export-from and dynamic import of a source file. */
export const layersRule = {
  meta: { type: 'problem', schema: [], messages: { layer: '{{why}} (STYLE.md, layers).' } },
  create(context) {
    const file = repoPath(context.filename);
    const check = (node, source) => {
      if (typeof source?.value !== 'string') return;
      const why = layerViolation(file, source.value);
      if (why) context.report({ node, messageId: 'layer', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source),
    };
  },
};
