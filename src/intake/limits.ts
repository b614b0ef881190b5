/** How big an image may be on its way to the model, and how small before there is nothing to describe. */
export const INTAKE_LIMITS = {
  /**
   * What SmolVLM's processor scales every image to (preprocessor_config.json `size.longest_edge`, 2048 for SmolVLM-256M
   * in models/reference, whose processor files the 500M stand-in shares) before cutting it into 512 px tiles, four per side at most. Smaller would be
   * scaled back up by the processor (blurred); larger only costs time and memory.
   */
  maxEdge: 2048,
  /** Icons, spacers and tracking pixels: smaller than this on either side is refused with a message. */
  minEdge: 16,
  /** Bytes read from the network (or a blob) before giving up. */
  maxBytes: 40 * 1024 * 1024,
  /** Decoded pixels before giving up: a small file can claim 30000×30000 and take gigabytes once decoded. */
  maxPixels: 100_000_000,
  /** JPEG quality of the re-encoded image handed to the model. */
  jpegQuality: 0.9,
  /** Size given to an SVG with no intrinsic size of its own. */
  svgFallbackEdge: 512,
  /**
   * Longest side over shortest side, at most. SmolVLM cuts an image into square tiles, at most four along a side;
   * anything narrower than 4:1 is stretched to a full tile, and a sliver of a few pixels can scale to zero rows in
   * the processor. Narrower images are padded with white to this ratio instead, so their content keeps its shape.
   */
  maxAspect: 4,
} as const;

/** Where an image of width×height is drawn on its (possibly padded) canvas. */
export interface Placement {
  canvasWidth: number;
  canvasHeight: number;
  x: number;
  y: number;
}

/** Centres a very long, thin image on a white canvas of at most `maxAspect`:1; others fill their canvas. */
export function padToAspect(
  width: number,
  height: number,
  maxAspect: number = INTAKE_LIMITS.maxAspect,
): Placement {
  const canvasWidth = Math.max(width, Math.ceil(height / maxAspect));
  const canvasHeight = Math.max(height, Math.ceil(width / maxAspect));
  return {
    canvasWidth,
    canvasHeight,
    x: Math.floor((canvasWidth - width) / 2),
    y: Math.floor((canvasHeight - height) / 2),
  };
}

export interface FittedSize {
  width: number;
  height: number;
  /** 1 when the image already fits. */
  scale: number;
}

/** The largest size with the same aspect ratio whose longest edge is at most `maxEdge`; never scales up. */
export function fitWithin(
  width: number,
  height: number,
  maxEdge: number = INTAKE_LIMITS.maxEdge,
): FittedSize {
  const longest = Math.max(width, height);
  if (longest <= maxEdge) return { width, height, scale: 1 };
  const scale = maxEdge / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scale,
  };
}
