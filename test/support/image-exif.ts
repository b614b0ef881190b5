/** Adds an EXIF block with an Orientation tag to a JPEG (browsers encode JPEG without one). */
export function withExifOrientation(jpeg: Uint8Array, orientation: number): Buffer {
  // TIFF, little-endian: header, IFD0 at offset 8 with one entry, Orientation (0x0112) SHORT ×1, no next IFD.
  const tiff = [
    0x49,
    0x49,
    42,
    0,
    8,
    0,
    0,
    0,
    1,
    0,
    0x12,
    0x01,
    3,
    0,
    1,
    0,
    0,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [...Buffer.from('Exif\0\0', 'latin1'), ...tiff];
  const length = payload.length + 2;
  const app1 = Buffer.from([0xff, 0xe1, length >> 8, length & 255, ...payload]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}
