/**
 * The layers of ../shared/DESIGN.md as data, and the check that every import in src/, bench/ and test/support/
 * follows them: each folder of src/ imports only the folders listed for it, browser extension APIs and the model
 * runtime stay in their folders, components don't reach platform/, and no files or folders import each other in a
 * circle. Pure (it is handed the files' text), so test/unit/layers.test.ts can check both the real tree and a tree
 * with a planted violation.
 */
import { dirname, join, normalize, posix } from 'node:path';
import ts from 'typescript';

/** The folders of src/ each folder may import (besides itself). A folder missing here is an error of its own. */
export const LAYERS: Record<string, readonly string[]> = {
  protocol: [],
  // device/ asks the browser what this device offers (the WebGPU adapter), once for the engine (inference/) and the
  // device report (platform/), which may not import each other: one probe, so the two can't disagree.
  device: [],
  settings: ['protocol'],
  network: ['protocol'],
  // network/ is below verdicts/: its pure helpers (the public-suffix check of site patterns) sit there.
  verdicts: ['protocol', 'settings', 'network'],
  intake: ['protocol', 'network'],
  inference: ['protocol', 'settings', 'network', 'device'],
  monitoring: ['protocol', 'device', 'inference'],
  platform: ['protocol', 'settings', 'network', 'device', 'verdicts', 'intake', 'monitoring'],
  ui: ['protocol', 'settings', 'network', 'device', 'verdicts', 'intake', 'inference', 'monitoring'],
  offscreen: ['protocol', 'settings', 'network', 'device', 'intake', 'inference', 'monitoring', 'platform'],
  content: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'ui',
    'platform',
  ],
  popup: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'ui',
    'platform',
  ],
  options: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'ui',
    'platform',
  ],
  sidepanel: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'ui',
    'platform',
  ],
  // The welcome page shows the popup's demo on a picture of its own, so it uses the popup's demo view.
  welcome: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'ui',
    'platform',
    'popup',
  ],
  // The background injects content/'s scripts and, in Firefox, hosts the engine the way offscreen/ does.
  background: [
    'protocol',
    'settings',
    'network',
    'device',
    'verdicts',
    'intake',
    'inference',
    'monitoring',
    'platform',
    'offscreen',
    'content',
  ],
};

/**
 * Who may import platform/ inside a folder that lists it: a UI context's wiring, never its components (a PascalCase
 * .tsx file, which receives data and callbacks); offscreen/ and inference/ only through their entry files.
 */
export function mayImportPlatform(file: string): boolean {
  const [, folder, ...rest] = file.split('/');
  const name = rest.at(-1) ?? '';
  if (folder === 'background') return true;
  // The offscreen document and the model's worker are entry points: they hand browser storage to what they host.
  if (folder === 'offscreen')
    return file === 'src/offscreen/main.ts' || file === 'src/offscreen/model-worker.ts';
  if (folder === 'inference') return false;
  if (folder === 'ui') return false;
  return !/^[A-Z].*\.tsx$/.test(name);
}

/** Single imports that cross the layers on purpose, each with its reason. */
export const ALLOWED_CROSSINGS: readonly { from: string; to: string; why: string }[] = [
  {
    from: 'src/popup/page-tools.tsx',
    to: 'src/content/collect-images.ts',
    why: 'the popup runs this collector in the page (scripting.executeScript through platform/)',
  },
  {
    from: 'src/sidepanel/image-source.ts',
    to: 'src/content/read-image.ts',
    why: 'the side panel has this reader run in the frame of a blob: image (scripting.executeScript through platform/)',
  },
];

/** Packages only some folders may import. */
export const PACKAGE_HOMES: Record<string, readonly string[]> = {
  'webextension-polyfill': ['platform'],
  '@huggingface/transformers': ['inference'],
  'onnxruntime-web': ['inference'],
  preact: ['ui', 'content', 'popup', 'options', 'sidepanel', 'welcome'],
};

/** platform/'s own wrapper of the browser object: importing it elsewhere would be calling browser APIs there. */
export const PLATFORM_PRIVATE = ['src/platform/browser.ts'];

export interface Violation {
  /** One line naming the importing file, what it imports and which rule that breaks. */
  message: string;
}

export interface ImportEdge {
  from: string;
  /** A repository path for a relative import (resolved to a file when one exists), else the package name. */
  to: string;
  spec: string;
  relative: boolean;
}

const SOURCE = /\.(ts|tsx|mts)$/;

/** Every import of one file: static, re-exports, side-effect and dynamic `import()`. */
export function importsOf(file: string, text: string, exists: (path: string) => boolean): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: spec }) => {
    const bare = spec.split('?')[0] ?? spec;
    if (!bare.startsWith('.')) {
      const parts = bare.split('/');
      const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
      return { from: file, to: name, spec, relative: false };
    }
    const target = normalize(join(dirname(file), bare))
      .split('\\')
      .join('/');
    const candidates = [target, `${target}.ts`, `${target}.tsx`, posix.join(target, 'index.ts')];
    return { from: file, to: candidates.find(exists) ?? target, spec, relative: true };
  });
}

const folderOf = (path: string) => (path.startsWith('src/') ? path.split('/')[1] : undefined);
const isSourceFile = (path: string) => SOURCE.test(path) && !path.endsWith('.d.ts');

function layerViolations(edges: ImportEdge[]): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const { from, to, spec } = edge;
    const fromFolder = folderOf(from);
    const at = `${from} imports '${spec}'`;
    if (!edge.relative) {
      const homes = PACKAGE_HOMES[to];
      const place = fromFolder ?? from.split('/')[0];
      if (homes && fromFolder && !homes.includes(fromFolder))
        found.push(`${at}: ${to} belongs to ${homes.join(', ')}/ only`);
      if (to === 'webextension-polyfill' && !fromFolder && place !== 'test')
        found.push(`${at}: browser extension APIs are reached through src/platform/`);
      continue;
    }
    if (from.startsWith('bench/') || from.startsWith('test/support/')) {
      if (to.startsWith('test/e2e/'))
        found.push(`${at}: test/e2e/ holds tests; shared helpers live in test/support/ (upward import)`);
      continue;
    }
    if (!fromFolder) continue;
    const toFolder = folderOf(to);
    if (!toFolder || !isSourceFile(to) || toFolder === fromFolder) {
      if (PLATFORM_PRIVATE.includes(to) && fromFolder !== 'platform')
        found.push(`${at}: platform/browser.ts is platform/'s own; call a platform/ function instead`);
      continue;
    }
    const allowed = LAYERS[fromFolder];
    if (!allowed) {
      found.push(`${at}: src/${fromFolder}/ has no place in the layers (add it to LAYERS in test/layers.ts)`);
      continue;
    }
    if (ALLOWED_CROSSINGS.some((c) => c.from === from && c.to === to)) continue;
    if (PLATFORM_PRIVATE.includes(to)) {
      found.push(`${at}: platform/browser.ts is platform/'s own; call a platform/ function instead`);
    } else if (!allowed.includes(toFolder)) {
      found.push(
        allowed.length
          ? `${at}: src/${fromFolder}/ may import only ${allowed.join(', ')}`
          : `${at}: src/${fromFolder}/ imports no other folder of src/`,
      );
    } else if (toFolder === 'platform' && !mayImportPlatform(from)) {
      found.push(
        `${at}: components (and ui/, and all but the entry file of offscreen/ and inference/) get browser data through props, not platform/`,
      );
    }
  }
  return found;
}

/** Strongly connected components of more than one node (or a node importing itself): the circles. */
function circles(nodes: Iterable<string>, next: (node: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || [...next(v)].includes(v)) found.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

function circleViolations(files: string[], edges: ImportEdge[]): string[] {
  const known = new Set(files);
  const out = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!known.has(to)) continue;
    if (!out.has(from)) out.set(from, new Set());
    out.get(from)?.add(to);
  }
  const found = circles(files, (f) => out.get(f) ?? []).map(
    (c) => `files import each other in a circle: ${c.join(' → ')}`,
  );
  // Folders: at every level, the sibling folders' imports among themselves (files directly in the parent don't count).
  const folderEdges = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!known.has(to)) continue;
    const a = from.split('/');
    const b = to.split('/');
    let i = 0;
    while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i += 1;
    if (i >= a.length - 1 || i >= b.length - 1) continue;
    const fromFolder = a.slice(0, i + 1).join('/');
    const toFolder = b.slice(0, i + 1).join('/');
    if (!folderEdges.has(fromFolder)) folderEdges.set(fromFolder, new Set());
    folderEdges.get(fromFolder)?.add(toFolder);
  }
  const folders = new Set([...folderEdges.keys(), ...[...folderEdges.values()].flatMap((s) => [...s])]);
  for (const c of circles(folders, (f) => folderEdges.get(f) ?? [])) {
    const detail = c
      .flatMap((f) => [...(folderEdges.get(f) ?? [])].filter((t) => c.includes(t)).map((t) => `${f} → ${t}`))
      .join(', ');
    found.push(`folders import each other in a circle: ${c.join(', ')} (${detail})`);
  }
  return found;
}

/** Everything wrong with the imports of `files` (path → text), each as a sentence naming the import. */
export function checkLayers(files: Map<string, string>): string[] {
  const exists = (p: string) => files.has(p);
  const sources = [...files.keys()].filter(isSourceFile);
  const edges = sources.flatMap((f) => importsOf(f, files.get(f) ?? '', exists));
  return [
    ...layerViolations(edges),
    ...circleViolations(
      sources.filter((f) => f.startsWith('src/')),
      edges.filter((e) => e.from.startsWith('src/')),
    ),
  ];
}
