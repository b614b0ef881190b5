/**
 * Engine requests arrive from the popup, the options page and content scripts (which run in web pages): each is
 * checked whole at the boundary before the background acts on it.
 */
import * as v from 'valibot';
import type { EndConversationNotice, EngineRequest } from './messages';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const policy = v.picklist(['auto', 'webgpu', 'wasm']);
const modelId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

const ImageInputSchema = v.object({
  // Intake caps images well below this; the limit keeps a hostile page from pushing huge strings through.
  dataUrl: v.pipe(v.string(), v.startsWith('data:image/'), v.maxLength(32 * 1024 * 1024)),
  width: v.pipe(v.number(), v.integer(), v.minValue(1)),
  height: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

const ImageSourceSchema = v.variant('kind', [
  v.object({
    kind: v.literal('url'),
    // http(s) for the engine host to fetch; or an SVG the page's CSP kept it from rasterising (intake/page-image).
    url: v.pipe(
      v.string(),
      v.regex(/^(https?:\/\/|data:image\/svg\+xml[;,])/i, 'must be http(s) or an SVG data: URL'),
      v.maxLength(3 * 1024 * 1024),
    ),
    pageUrl: v.optional(v.pipe(v.string(), v.maxLength(8192))),
  }),
  v.object({ kind: v.literal('inline'), image: ImageInputSchema }),
]);

const TurnSchema = v.object({
  role: v.picklist(['user', 'assistant']),
  text: v.pipe(v.string(), v.maxLength(4000)),
});

const EngineRequestSchema = v.variant('type', [
  v.object({ type: v.literal('load'), requestId: id, modelId, backend: policy }),
  v.object({
    type: v.literal('generate'),
    requestId: id,
    modelId,
    image: ImageSourceSchema,
    conversation: v.pipe(v.array(TurnSchema), v.minLength(1), v.maxLength(50)),
    options: v.object({
      maxNewTokens: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024)),
      backend: policy,
    }),
    detail: v.optional(v.picklist(['single', 'split'])),
    conversationId: v.optional(id),
  }),
  v.object({ type: v.literal('cancel'), requestId: id }),
  v.object({ type: v.literal('status'), requestId: id }),
  v.object({ type: v.literal('unload'), requestId: id }),
  v.object({
    type: v.literal('attach'),
    requestId: id,
    afterSeq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
]);

export function parseEngineRequest(
  value: unknown,
): { ok: true; request: EngineRequest } | { ok: false; requestId: string | null; problem: string } {
  const result = v.safeParse(EngineRequestSchema, value);
  if (result.success) return { ok: true, request: result.output };
  const raw = (value as { requestId?: unknown } | null)?.requestId;
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.');
  return {
    ok: false,
    requestId: typeof raw === 'string' ? raw : null,
    problem: `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`,
  };
}

const EndConversationSchema = v.object({
  target: v.literal('engine-relay'),
  type: v.literal('end-conversation'),
  conversationId: id,
});

/** A one-shot notice from a UI, checked like a port request; anything else isn't one. */
export function parseEndConversation(value: unknown): EndConversationNotice | null {
  const result = v.safeParse(EndConversationSchema, value);
  return result.success ? result.output : null;
}
