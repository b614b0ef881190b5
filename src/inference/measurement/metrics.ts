/** Generation metrics from the timestamps the engine takes (milliseconds from one clock). */
import type {
  Backend,
  GenerationMetrics,
  ImageDetail,
  SessionFiles,
  SessionTimings,
} from '../../protocol/messages';

export interface GenerationTimes {
  modelId: string;
  backend: Backend;
  loadMs: number;
  /** Request start, after the model was ready. */
  startedAt: number;
  imageReadyAt: number;
  firstTokenAt: number | null;
  endedAt: number;
  tokens: number;
  promptTokens: number;
  image: { width: number; height: number };
  detail?: ImageDetail;
  sessions?: SessionTimings;
  deviceKey?: string;
  files?: SessionFiles;
}

export function generationMetrics(t: GenerationTimes): GenerationMetrics {
  const firstTokenAt = t.firstTokenAt ?? t.endedAt;
  // Speed counts the tokens after the first over the time after it, so image encoding and prefill don't hide it.
  const decodeMs = t.endedAt - firstTokenAt;
  const tokensPerSecond =
    t.tokens > 1 && decodeMs > 0
      ? ((t.tokens - 1) * 1000) / decodeMs
      : t.tokens > 0
        ? (t.tokens * 1000) / Math.max(1, t.endedAt - t.startedAt)
        : 0;
  return {
    modelId: t.modelId,
    backend: t.backend,
    loadMs: Math.round(t.loadMs),
    imageEncodeMs: Math.round(t.imageReadyAt - t.startedAt),
    timeToFirstTokenMs: Math.round(firstTokenAt - t.startedAt),
    tokensPerSecond: Math.round(tokensPerSecond * 10) / 10,
    tokens: t.tokens,
    promptTokens: t.promptTokens,
    totalMs: Math.round(t.endedAt - t.startedAt),
    imageWidth: t.image.width,
    imageHeight: t.image.height,
    ...(t.detail ? { detail: t.detail } : {}),
    ...(t.deviceKey ? { deviceKey: t.deviceKey } : {}),
    ...(t.files ? { files: t.files } : {}),
    ...(t.sessions
      ? {
          sessions: {
            ...t.sessions,
            visionMs: Math.round(t.sessions.visionMs * 10) / 10,
            prefillMs: Math.round(t.sessions.prefillMs * 10) / 10,
          },
        }
      : {}),
  };
}
