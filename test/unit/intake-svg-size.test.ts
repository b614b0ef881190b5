import { describe, expect, test } from 'vitest';
import { readSvgSize, svgIntrinsicSize, svgRasterSize } from '../../src/intake/svg-size';

const svg = (attrs: string) =>
  `<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><rect/></svg>`;

describe('readSvgSize', () => {
  test('absolute lengths in any CSS unit become pixels; percentages and ems are not a size', () => {
    expect(readSvgSize(svg('width="40" height="30px"'))).toEqual({ width: 40, height: 30, aspect: null });
    expect(readSvgSize(svg("width='1in' height='72pt'"))).toEqual({ width: 96, height: 96, aspect: null });
    expect(readSvgSize(svg('width="100%" height="2em" viewBox="0 0 200 100"'))).toEqual({
      width: null,
      height: null,
      aspect: 2,
    });
  });

  test('viewBox with commas; broken or zero-sized viewBoxes give no shape', () => {
    expect(readSvgSize(svg('viewBox="0,0,300,150"')).aspect).toBe(2);
    expect(readSvgSize(svg('viewBox="0 0 0 10"')).aspect).toBeNull();
    expect(readSvgSize(svg('viewBox="nonsense"')).aspect).toBeNull();
  });

  test('reads the root tag only, not a nested one', () => {
    const nested =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20"><svg width="500" height="500"/></svg>';
    expect(readSvgSize(nested)).toEqual({ width: null, height: null, aspect: 0.5 });
  });
});

describe('svgIntrinsicSize', () => {
  test('both sides, or one side and the viewBox shape; nothing otherwise', () => {
    expect(svgIntrinsicSize({ width: 40, height: 30, aspect: 9 })).toEqual({ width: 40, height: 30 });
    expect(svgIntrinsicSize({ width: 40, height: null, aspect: 2 })).toEqual({ width: 40, height: 20 });
    expect(svgIntrinsicSize({ width: null, height: 40, aspect: 2 })).toEqual({ width: 80, height: 40 });
    expect(svgIntrinsicSize({ width: 40, height: null, aspect: null })).toBeNull();
  });
});

describe('svgRasterSize', () => {
  test('small vector art is drawn larger, sharp, keeping its shape', () => {
    expect(svgRasterSize({ width: 40, height: 30, aspect: null }, 512, 1536)).toEqual({
      width: 512,
      height: 384,
    });
  });

  test('huge vector art is drawn at the longest edge the model uses', () => {
    expect(svgRasterSize({ width: 10000, height: 5000, aspect: null }, 512, 1536)).toEqual({
      width: 1536,
      height: 768,
    });
    expect(svgRasterSize({ width: 800, height: 600, aspect: null }, 512, 1536)).toEqual({
      width: 800,
      height: 600,
    });
  });

  test('with no size, the viewBox shape at the fallback size; a square without a viewBox', () => {
    expect(svgRasterSize({ width: null, height: null, aspect: 0.5 }, 512, 1536)).toEqual({
      width: 256,
      height: 512,
    });
    expect(svgRasterSize({ width: null, height: null, aspect: null }, 512, 1536)).toEqual({
      width: 512,
      height: 512,
    });
  });
});

describe('readSvgSize on hostile text', () => {
  const MiB = 1024 * 1024;
  // Each took minutes or more with the old backtracking patterns (`<svg aaaa…` 128 KiB: 26 s).
  const attacks: [string, string][] = [
    ['an endless attribute name in a closed tag', `<svg ${'a'.repeat(MiB)}>`],
    ['an endless attribute name', `<svg ${'a'.repeat(MiB)}`],
    ['a run of names and spaces before an =', `<svg ${'a '.repeat(MiB / 2)}="1">`],
    ['an endless unquoted run', `<svg width=${'1'.repeat(MiB)}`],
    ['a never-closed tag of spaces', `<svg${' '.repeat(MiB)}`],
    ['an endless digit run in a length', `<svg width="${'1'.repeat(MiB)}x" height="2">`],
    ['thousands of <svg openers', '<svg<svg'.repeat(MiB / 8)],
    ['a huge viewBox', `<svg viewBox="${'0 '.repeat(MiB / 2)}">`],
  ];

  test.each(attacks)('%s (1 MiB) is read in linear time and gives no size', (_label, text) => {
    const started = performance.now();
    const size = readSvgSize(text);
    // A generous bound for a shared machine: linear work on 64 KiB is well under a millisecond.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(size).toEqual({ width: null, height: null, aspect: null });
  });

  test('a size past the head that is read is not seen, and a size inside it is', () => {
    const padding = `<!--${' '.repeat(128 * 1024)}-->`;
    expect(readSvgSize(`${padding}<svg width="40" height="30">`)).toEqual({
      width: null,
      height: null,
      aspect: null,
    });
    expect(readSvgSize(`<svg width="40" height="30">${'x'.repeat(MiB)}`)).toEqual({
      width: 40,
      height: 30,
      aspect: null,
    });
  });

  test('attributes with > in quoted values, odd spacing and single quotes', () => {
    expect(readSvgSize(`<svg data-x="a>b" width = '12.5e1' height="2.5in"\n viewBox='0 0 4 2'>`)).toEqual({
      width: 125,
      height: 240,
      aspect: 2,
    });
    expect(readSvgSize('<svgfoo width="9"><svg width="10" height="11"/>')).toEqual({
      width: 10,
      height: 11,
      aspect: null,
    });
  });
});
