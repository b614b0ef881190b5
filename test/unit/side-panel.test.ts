import { describe, expect, test } from 'vitest';
import { askTargetKey, panelTabId, parseAskTarget, sidePanelPath } from '../../src/protocol/ask-target';
import { canShowThumbnail, imageLabel, pageLabel } from '../../src/sidepanel/labels';

const target = {
  id: 'a1',
  tabId: 7,
  frameId: 0,
  srcUrl: 'https://images.example/cats/tabby%20cat.png?size=2',
  pageUrl: 'https://news.example/story',
  pageTitle: 'A story',
};

describe('the side panel for a tab', () => {
  test('each tab has its own panel address, and the panel reads its tab back from it', () => {
    expect(sidePanelPath(7)).toBe('src/sidepanel/index.html?tab=7');
    expect(panelTabId(new URL(`chrome-extension://x/${sidePanelPath(7)}`).search)).toBe(7);
    expect(panelTabId('')).toBeNull();
    expect(panelTabId('?tab=-1')).toBeNull();
    expect(panelTabId('?tab=7x')).toBeNull();
  });

  test('the chosen image is stored under its tab, and read back only when whole', () => {
    expect(askTargetKey(7)).toBe('askTarget:7');
    expect(parseAskTarget(target)).toEqual(target);
    expect(parseAskTarget({ ...target, tabId: 'seven' })).toBeNull();
    expect(parseAskTarget({ ...target, srcUrl: '' })).toBeNull();
    expect(parseAskTarget(undefined)).toBeNull();
  });
});

describe('what the side panel says it answers about', () => {
  test('the page by title and site, falling back to what is known', () => {
    expect(pageLabel(target)).toBe('A story (news.example)');
    expect(pageLabel({ pageUrl: 'http://127.0.0.1:8080/x', pageTitle: '  ' })).toBe('127.0.0.1:8080');
    expect(pageLabel({ pageUrl: '', pageTitle: '' })).toBe('this tab');
  });

  test('the image by file name, or by the kind of address it has', () => {
    expect(imageLabel(target.srcUrl)).toBe('tabby cat.png');
    expect(imageLabel('https://images.example/')).toBe('images.example');
    expect(imageLabel('data:image/png;base64,AAAA')).toMatch(/inside the page/);
    expect(imageLabel('blob:https://news.example/1234')).toMatch(/the page made/);
    expect(imageLabel(`https://x.example/${'a'.repeat(100)}.png`)).toHaveLength(60);
  });

  test('a blob: image is shown only by its page, so the panel leaves its picture out', () => {
    expect(canShowThumbnail(target.srcUrl)).toBe(true);
    expect(canShowThumbnail('data:image/png;base64,AAAA')).toBe(true);
    expect(canShowThumbnail('blob:https://news.example/1234')).toBe(false);
  });
});
