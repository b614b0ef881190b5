import { describe, expect, test } from 'vitest';
import { checkSettingsPatch, DEFAULT_SETTINGS, parseSettings } from '../../src/settings/schema';

describe('parseSettings', () => {
  test('nothing stored gives the defaults', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('junk')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      backend: 'auto',
      feedUrl: '',
      feedIntervalHours: 6,
      maxNewTokens: 128,
    });
  });

  test('keeps valid fields and replaces only the invalid ones', () => {
    const parsed = parseSettings({
      backend: 'wasm',
      maxNewTokens: 5000,
      defaultPrompt: '  What is in the picture?  ',
      feedUrl: 'javascript:alert(1)',
      feedIntervalHours: 12,
      modelHost: 'http://127.0.0.1:8080/',
    });
    expect(parsed).toEqual({
      ...DEFAULT_SETTINGS,
      backend: 'wasm',
      defaultPrompt: 'What is in the picture?',
      feedIntervalHours: 12,
      modelHost: 'http://127.0.0.1:8080/',
    });
  });

  test('accepts an http(s) feed URL or none', () => {
    expect(parseSettings({ feedUrl: 'https://feeds.example/verdicts.json' }).feedUrl).toBe(
      'https://feeds.example/verdicts.json',
    );
    expect(parseSettings({ feedUrl: '' }).feedUrl).toBe('');
    expect(parseSettings({ feedUrl: 'ftp://x.example/f.json' }).feedUrl).toBe('');
  });

  test.each([
    ['backend', 'cuda'],
    ['maxNewTokens', 0],
    ['maxNewTokens', 1.5],
    ['defaultPrompt', '   '],
    ['feedIntervalHours', 0],
    ['feedIntervalHours', 1000],
    ['modelId', ''],
  ])('%s = %j falls back to the default', (key, value) => {
    const k = key as keyof typeof DEFAULT_SETTINGS;
    expect(parseSettings({ [k]: value })[k]).toEqual(DEFAULT_SETTINGS[k]);
  });
});

describe('checkSettingsPatch', () => {
  test('names each invalid field', () => {
    expect(
      checkSettingsPatch({ backend: 'wasm', maxNewTokens: 2048, feedUrl: 'file:///x' }).map((i) => i.field),
    ).toEqual(['maxNewTokens', 'feedUrl']);
  });

  test('a valid patch has no issues', () => {
    expect(checkSettingsPatch({ backend: 'webgpu', feedUrl: '', feedIntervalHours: 24 })).toEqual([]);
  });
});
