/**
 * `web-ext lint` on the Firefox build, as AMO runs it on upload, and which of its warnings are known and explained
 * (README, "Store packages"). Anything else, and any error, stops the package.
 */
import webExt from 'web-ext';

export interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * Warnings AMO shows but that don't block a listing, each from code we bundle but don't write, keyed by code and
 * the bundle file it's in (bundle chunks' names carry content hashes, so only their stem is compared).
 */
export const EXPLAINED_WARNINGS: readonly { code: string; fileStem: string; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    fileStem: 'assets/jsxRuntime',
    why: "preact's renderer sets innerHTML only for dangerouslySetInnerHTML, which no component uses",
  },
  {
    code: 'DANGEROUS_EVAL',
    fileStem: 'assets/model-worker',
    why: "onnxruntime-web's Emscripten glue (embind method callers) builds a function from a string; the model never takes that path, and the extension's CSP (no 'unsafe-eval') would refuse it",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    fileStem: 'assets/model-worker',
    why: "onnxruntime-web's loader for its own WASM glue module (import() of a URL inside the extension); no remote code is loaded",
  },
];

/** Codes that keep an add-on off AMO's listing (or made the old package fail review). */
export const BLOCKING_CODES = ['MISSING_DATA_COLLECTION_PERMISSIONS', 'UNSUPPORTED_API'] as const;

export async function lintFirefoxBuild(sourceDir: string): Promise<LintReport> {
  return (await webExt.cmd.lint(
    { sourceDir, output: 'none', boring: true },
    { shouldExitProgram: false },
  )) as LintReport;
}

export function isExplained(warning: LintMessage): boolean {
  const file = warning.file ?? '';
  return EXPLAINED_WARNINGS.some(
    (w) => w.code === warning.code && (file === `${w.fileStem}.js` || file.startsWith(`${w.fileStem}-`)),
  );
}
