/**
 * Build size: gzipped bytes of each entry's JavaScript (the entry chunk plus every chunk it imports statically,
 * which is what the browser must fetch before that page runs) and the package size without model files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  entry: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface BuildSizes {
  entries: EntrySize[];
  chunks: { file: string; bytes: number; gzipBytes: number }[];
  packageBytes: number;
  packageGzipBytes: number;
  modelBytesExcluded: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/** Static `import … from './x.js'` and side-effect `import './x.js'` targets of a built ES module chunk. */
export function staticImports(source: string): string[] {
  const out = new Set<string>();
  const re = /\bimport\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.add(m[1] as string);
  return [...out];
}

function closure(distDir: string, entryFile: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    let source: string;
    try {
      source = readFileSync(join(distDir, file), 'utf8');
    } catch {
      return;
    }
    for (const spec of staticImports(source)) {
      const target = spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(file), spec);
      visit(posix.normalize(target));
    }
  };
  visit(entryFile);
  return [...seen];
}

/** Script entry files of an HTML page in the build. */
function htmlScripts(distDir: string, htmlFile: string): string[] {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const out: string[] = [];
  const re = /<script[^>]*\bsrc="([^"]+)"/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const src = m[1] as string;
    out.push(src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(htmlFile), src));
  }
  return out;
}

export function measureBuild(distDir: string): BuildSizes {
  const files = walk(distDir)
    .map((p) => relative(distDir, p).split('\\').join('/'))
    // Pages the bench itself adds to the build (bench-*) are not part of the extension.
    .filter((f) => !f.startsWith('bench-'));
  const isModelFile = (f: string) => f.startsWith('models/') || /\.onnx(_data)?$/.test(f);
  const entryPoints: { entry: string; starts: string[] }[] = [];
  for (const f of files.filter((f) => f.endsWith('.html'))) {
    const name = dirname(f).split('/').pop() ?? f;
    entryPoints.push({ entry: name, starts: htmlScripts(distDir, f) });
  }
  const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
  };
  if (manifest.background?.service_worker) {
    entryPoints.push({ entry: 'background', starts: [manifest.background.service_worker] });
  }
  for (const f of files.filter(
    (f) => /worker/i.test(f) && f.endsWith('.js') && !f.includes('service-worker'),
  )) {
    entryPoints.push({ entry: `worker (${posix.basename(f)})`, starts: [f] });
  }
  for (const f of files.filter((f) => /content/i.test(f) && f.endsWith('.js'))) {
    entryPoints.push({ entry: `content (${posix.basename(f)})`, starts: [f] });
  }
  const sizeOf = new Map<string, { bytes: number; gzipBytes: number }>();
  for (const f of files) {
    const buf = readFileSync(join(distDir, f));
    sizeOf.set(f, { bytes: buf.length, gzipBytes: gz(buf) });
  }
  const entries = entryPoints.map(({ entry, starts }) => {
    const all = [...new Set(starts.flatMap((s) => closure(distDir, s)))].filter((f) => sizeOf.has(f));
    return {
      entry,
      files: all,
      bytes: all.reduce((n, f) => n + (sizeOf.get(f)?.bytes ?? 0), 0),
      gzipBytes: all.reduce((n, f) => n + (sizeOf.get(f)?.gzipBytes ?? 0), 0),
    };
  });
  const packaged = files.filter((f) => !isModelFile(f));
  return {
    entries,
    chunks: files
      .filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.wasm'))
      .map((file) => ({ file, ...(sizeOf.get(file) as { bytes: number; gzipBytes: number }) })),
    packageBytes: packaged.reduce((n, f) => n + (sizeOf.get(f)?.bytes ?? 0), 0),
    packageGzipBytes: packaged.reduce((n, f) => n + (sizeOf.get(f)?.gzipBytes ?? 0), 0),
    modelBytesExcluded: files.filter(isModelFile).reduce((n, f) => n + (sizeOf.get(f)?.bytes ?? 0), 0),
  };
}
