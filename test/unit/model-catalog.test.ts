/** The bundled model catalog and its validation: complete per backend, no f16 where shaders can't run it, sizes. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import catalogJson from '../../models/catalog.json' with { type: 'json' };
import {
  type Catalog,
  type DtypeProfile,
  downloadPlan,
  dtypeProfile,
  F16_DTYPES,
  findModel,
  modelCatalog,
  parseCatalog,
  SESSIONS,
  userModels,
} from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { ensureFixture, FIXTURE_DTYPE_SUFFIXES, FIXTURE_MODEL_ID } from '../support/fixture';

const PROFILES: DtypeProfile[] = ['webgpu-f16', 'webgpu', 'wasm'];

/** A fresh, mutable copy of the bundled catalog to break in one place per test. */
function copy(): { models: Record<string, unknown>[] } & Record<string, unknown> {
  return structuredClone(catalogJson) as unknown as { models: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
}

describe('the bundled catalog', () => {
  const catalog = modelCatalog();

  test('parses, and offers the three SmolVLM sizes to people (the test model is hidden)', () => {
    expect(userModels(catalog).map((m) => m.id)).toEqual([
      'HuggingFaceTB/SmolVLM-256M-Instruct',
      'HuggingFaceTB/SmolVLM-500M-Instruct',
      'HuggingFaceTB/SmolVLM-Instruct',
    ]);
    expect(findModel(catalog, FIXTURE_MODEL_ID)?.testOnly).toBe(true);
    expect(findModel(catalog, 'nobody/nothing')).toBeUndefined();
  });

  test("SmolVLM-256M's sizes are the real files' exact sizes (git-lfs pointers in models/reference)", () => {
    const real = JSON.parse(
      readFileSync('models/reference/HuggingFaceTB/SmolVLM-256M-Instruct/onnx-files.json', 'utf8'),
    ) as Record<string, { bytes: number }>;
    const model = findModel(catalog, 'HuggingFaceTB/SmolVLM-256M-Instruct');
    const variants = SESSIONS.flatMap((s) => Object.values(model?.sessions[s] ?? {}));
    expect(variants.length).toBeGreaterThan(10);
    for (const variant of variants) {
      expect(variant.bytesExact).toBe(true);
      for (const file of variant.files) expect(file.bytes, file.path).toBe(real[file.path]?.bytes);
    }
    expect(real['onnx/vision_encoder.onnx']?.bytes).toBe(374_316_497);
    expect(real['onnx/decoder_model_merged_q4.onnx']?.bytes).toBe(86_562_901);
  });

  test("SmolVLM 2.2B's profiles avoid the two files no listing showed; 500M says it is unverified", () => {
    const large = findModel(catalog, 'HuggingFaceTB/SmolVLM-Instruct');
    const needed = PROFILES.flatMap((p) =>
      SESSIONS.flatMap((s) => {
        const variant = large?.sessions[s][large.dtypes[p][s]];
        return variant?.files.map((f) => f.path) ?? [];
      }),
    );
    expect(needed).not.toContain('onnx/vision_encoder_q4f16.onnx');
    expect(needed).not.toContain('onnx/embed_tokens_quantized.onnx');
    const medium = findModel(catalog, 'HuggingFaceTB/SmolVLM-500M-Instruct');
    expect(medium?.revisionPinned).toBe(false);
    expect(medium?.note).toMatch(/^Unverified/);
  });

  test('every model has files for all three sessions at the dtype each backend profile picks', () => {
    for (const model of catalog.models) {
      for (const profile of PROFILES) {
        for (const session of SESSIONS) {
          const dtype = model.dtypes[profile][session];
          const variant = model.sessions[session][dtype];
          expect(variant, `${model.id} ${profile} ${session} ${dtype}`).toBeDefined();
          expect(variant?.files.length).toBeGreaterThan(0);
        }
      }
    }
  });

  test('file names follow transformers.js naming for their dtype (q8 is _quantized, fp32 has no suffix)', () => {
    for (const model of catalog.models) {
      for (const session of SESSIONS) {
        for (const [dtype, variant] of Object.entries(model.sessions[session])) {
          const suffix = FIXTURE_DTYPE_SUFFIXES[dtype as keyof typeof FIXTURE_DTYPE_SUFFIXES];
          expect(variant.files[0]?.path, `${model.id} ${session} ${dtype}`).toBe(
            `onnx/${session}${suffix}.onnx`,
          );
        }
      }
    }
  });

  test("no f16 dtype in the 'webgpu' (no shader-f16) and 'wasm' profiles", () => {
    for (const model of catalog.models) {
      for (const profile of ['webgpu', 'wasm'] as const) {
        for (const session of SESSIONS) {
          expect(F16_DTYPES.has(model.dtypes[profile][session]), `${model.id} ${profile} ${session}`).toBe(
            false,
          );
        }
      }
    }
  });

  test('user models name their revision (a commit where pinned) and need more memory as they grow', () => {
    const models = userModels(catalog);
    for (const model of models) {
      if (model.revisionPinned) expect(model.revision).toMatch(/^[0-9a-f]{40}$/);
      // Unpinned revisions say why in revisionSource, for whoever pins them later.
      else expect(model.revisionSource).toMatch(/commit/);
    }
    const memory = models.map((m) => m.minDeviceMemoryGb);
    expect([...memory].sort((a, b) => a - b)).toEqual(memory);
    const sizes = models.map((m) => downloadPlan(m, m.dtypes.wasm).totalBytes);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
  });

  test("the test model's sizes are exact: they match the generated files byte for byte", () => {
    const dir = ensureFixture();
    const model = findModel(catalog, FIXTURE_MODEL_ID);
    if (!model) throw new Error('test model missing from the catalog');
    for (const session of SESSIONS) {
      for (const variant of Object.values(model.sessions[session])) {
        expect(variant.bytesExact).toBe(true);
        for (const file of variant.files)
          expect(statSync(join(dir, file.path)).size, file.path).toBe(file.bytes);
      }
    }
  });
});

describe('dtype choice and download plans', () => {
  const catalog = modelCatalog();
  const model = findModel(catalog, 'HuggingFaceTB/SmolVLM-256M-Instruct');
  if (!model) throw new Error('SmolVLM 256M missing from the catalog');

  test('backend and shader-f16 pick the profile', () => {
    expect(dtypeProfile('wasm', true)).toBe('wasm');
    expect(dtypeProfile('wasm', false)).toBe('wasm');
    expect(dtypeProfile('webgpu', true)).toBe('webgpu-f16');
    expect(dtypeProfile('webgpu', false)).toBe('webgpu');
    expect(dtypesFor(model, 'webgpu', false)).toEqual(model.dtypes.webgpu);
  });

  test('downloadPlan lists one file set per session and totals their bytes', () => {
    const dtypes = model.dtypes.wasm;
    const plan = downloadPlan(model, dtypes);
    const expected = SESSIONS.flatMap((s) => model.sessions[s][dtypes[s]]?.files ?? []);
    expect(plan.files).toEqual(expected);
    expect(plan.files).toHaveLength(3);
    expect(plan.totalBytes).toBe(expected.reduce((sum, f) => sum + f.bytes, 0));
    // Every 256M size is exact (git-lfs pointers of a mirror), so the UI states it without "about".
    expect(plan.exact).toBe(true);
  });

  test('a plan is exact only when every session is present and exactly sized', () => {
    const fixture = findModel(catalog, FIXTURE_MODEL_ID);
    if (!fixture) throw new Error('test model missing');
    const plan = downloadPlan(fixture, fixture.dtypes.wasm);
    expect(plan.exact).toBe(true);
    expect(plan.totalBytes).toBe(1980 + 73712 + 186817);
    // A dtype the session doesn't offer leaves it out of the plan, and the total can no longer be exact.
    const missing = downloadPlan(fixture, { ...fixture.dtypes.wasm, decoder_model_merged: 'fp32' });
    expect(missing.files).toHaveLength(2);
    expect(missing.exact).toBe(false);
  });
});

describe('parseCatalog rejects bad entries, naming where', () => {
  const bad = (mutate: (c: ReturnType<typeof copy>) => void): (() => Catalog) => {
    const c = copy();
    mutate(c);
    return () => parseCatalog(c);
  };

  test('a file path outside onnx/', () => {
    expect(
      bad((c) => {
        const sessions = c.models[0]?.sessions as Record<
          string,
          Record<string, { files: { path: string }[] }>
        >;
        const file = sessions.vision_encoder?.q4?.files[0];
        if (file) file.path = '../../etc/passwd';
      }),
    ).toThrow(
      'models/catalog.json at models.0.sessions.vision_encoder.q4.files.0.path: must be onnx/<name>.onnx or .onnx_data',
    );
  });

  test('a size that is not a positive whole number', () => {
    expect(
      bad((c) => {
        const sessions = c.models[1]?.sessions as Record<
          string,
          Record<string, { files: { bytes: number }[] }>
        >;
        const file = sessions.embed_tokens?.q8?.files[0];
        if (file) file.bytes = 0;
      }),
    ).toThrow(/at models\.1\.sessions\.embed_tokens\.q8\.files\.0\.bytes/);
  });

  test('an unknown dtype and a malformed id', () => {
    expect(
      bad((c) => {
        const dtypes = c.models[0]?.dtypes as Record<string, Record<string, string>>;
        if (dtypes.wasm) dtypes.wasm.decoder_model_merged = 'fp8';
      }),
    ).toThrow(/at models\.0\.dtypes\.wasm\.decoder_model_merged/);
    expect(
      bad((c) => {
        if (c.models[2]) c.models[2].id = 'no-org';
      }),
    ).toThrow(/at models\.2\.id: must be <org>\/<name>/);
  });

  test('a backend dtype with no files, an f16 dtype without shader-f16, a pinned branch name', () => {
    expect(
      bad((c) => {
        const dtypes = c.models[0]?.dtypes as Record<string, Record<string, string>>;
        if (dtypes.wasm) dtypes.wasm.decoder_model_merged = 'bnb4';
      }),
    ).toThrow(/at models\.0: every dtype chosen for a backend must list its files/);
    expect(
      bad((c) => {
        const dtypes = c.models[0]?.dtypes as Record<string, Record<string, string>>;
        if (dtypes.webgpu) dtypes.webgpu.vision_encoder = 'q4f16';
      }),
    ).toThrow(/at models\.0: only the webgpu-f16 profile may use f16 dtypes/);
    expect(
      bad((c) => {
        if (c.models[0]) c.models[0].revision = 'main';
      }),
    ).toThrow(/at models\.0: a pinned revision must be a 40-character commit id/);
  });

  test('duplicate ids, a wrong schema version, and not an object at all', () => {
    expect(
      bad((c) => {
        c.models.push(structuredClone(c.models[0] as Record<string, unknown>));
      }),
    ).toThrow(/model ids must be unique/);
    expect(
      bad((c) => {
        c.schemaVersion = 2;
      }),
    ).toThrow(/at schemaVersion/);
    expect(() => parseCatalog('nope')).toThrow(/^models\/catalog\.json: /);
  });
});
