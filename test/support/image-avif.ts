/**
 * A 64×48 AVIF (neither Node nor Chromium can encode AVIF): transparent red, with an opaque blue 32×24 rectangle
 * in the middle, so both decoding and flattening transparency can be checked. Made once from
 * `png(64, 48, [255, 0, 0, 0], (x, y) => (x >= 16 && x < 48 && y >= 12 && y < 36 ? [20, 40, 240, 255] : null))`
 * (test/support/images.ts) with Debian's libavif: `avifenc -s 6 --min 0 --max 10 in.png out.avif`.
 */
export const AVIF_BLUE_ON_CLEAR = Buffer.from(
  'AAAAIGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZk1BMUEAAAGNbWV0YQAAAAAAAAAoaGRscgAAAAAAAAAAcGljdAAAAAAAAAAAAAAA' +
    'AGxpYmF2aWYAAAAADnBpdG0AAAAAAAEAAAAsaWxvYwAAAABEAAACAAEAAAABAAAB2AAAADMAAgAAAAEAAAG1AAAAIwAAAEJpaW5m' +
    'AAAAAAACAAAAGmluZmUCAAAAAAEAAGF2MDFDb2xvcgAAAAAaaW5mZQIAAAAAAgAAYXYwMUFscGhhAAAAABppcmVmAAAAAAAAAA5h' +
    'dXhsAAIAAQABAAAAw2lwcnAAAACdaXBjbwAAABRpc3BlAAAAAAAAAEAAAAAwAAAAEHBpeGkAAAAAAwgICAAAAAxhdjFDgSAAAAAA' +
    'ABNjb2xybmNseAABAA0ABoAAAAAOcGl4aQAAAAABCAAAAAxhdjFDgQAcAAAAADhhdXhDAAAAAHVybjptcGVnOm1wZWdCOmNpY3A6' +
    'c3lzdGVtczphdXhpbGlhcnk6YWxwaGEAAAAAHmlwbWEAAAAAAAAAAgABBAECgwQAAgQBBYYHAAAAXm1kYXQSAAoGGBV/vYVAMhdE' +
    'AADN9osx/vu81smH1l8sZD0NLfVm/BIACgk4FX+9hAQ0GkAyJERQAAAUuGeQS9JouUmn2AqgsNlsprrKlgAbjLPoXjfn+mGNIA==' +
    '',
  'base64',
);
