/**
 * Times what the model's sessions really do in one answer: each vision-encoder pass (and how many 512 px views it
 * encoded) and the decoder's first pass over the prompt (the prefill: how many positions it read). These are the
 * device's measured speeds that choose the image detail and the backend. transformers.js calls each onnxruntime
 * session's `run`, so wrapping it is the one place that sees them without changing the library.
 */

interface Feed {
  dims: readonly number[];
}

interface RunnableSession {
  run(feeds: Record<string, Feed>, ...rest: unknown[]): Promise<unknown>;
}

export interface SessionTimes {
  visionMs: number;
  /** 512 px views encoded (pixel_values is [batch, views, 3, 512, 512]). */
  views: number;
  /** The first decoder pass of the answer: the prompt, or what of it the cache didn't hold. */
  prefillMs: number;
  prefillTokens: number;
}

export class SessionClock {
  #times: SessionTimes = { visionMs: 0, views: 0, prefillMs: 0, prefillTokens: 0 };
  #prefillSeen = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts a new answer's account. */
  reset(): void {
    this.#times = { visionMs: 0, views: 0, prefillMs: 0, prefillTokens: 0 };
    this.#prefillSeen = false;
  }

  get times(): SessionTimes {
    return { ...this.#times };
  }

  /** Wraps the model's `vision_encoder` and `decoder_model_merged` sessions (others are left alone). */
  watch(sessions: Record<string, unknown>): void {
    const vision = sessions.vision_encoder as RunnableSession | undefined;
    const decoder = sessions.decoder_model_merged as RunnableSession | undefined;
    if (vision) {
      const run = vision.run.bind(vision);
      vision.run = async (feeds, ...rest) => {
        const started = this.now();
        try {
          return await run(feeds, ...rest);
        } finally {
          this.#times.visionMs += this.now() - started;
          this.#times.views += feeds.pixel_values?.dims[1] ?? 1;
        }
      };
    }
    if (decoder) {
      const run = decoder.run.bind(decoder);
      decoder.run = async (feeds, ...rest) => {
        if (this.#prefillSeen) return run(feeds, ...rest);
        this.#prefillSeen = true;
        const started = this.now();
        try {
          return await run(feeds, ...rest);
        } finally {
          this.#times.prefillMs += this.now() - started;
          this.#times.prefillTokens = feeds.inputs_embeds?.dims[1] ?? 0;
        }
      };
    }
  }
}
