/** Every message handler checks who sent it: the pure predicates the background and offscreen document use. */
import { describe, expect, test } from 'vitest';
import type { EngineRequest } from '../../src/protocol/messages';
import {
  acceptEngineHostCommand,
  acceptEngineHostNotice,
  isDocument,
  isOwnDocument,
  withSenderPage,
} from '../../src/protocol/sender';

const own = { id: 'abc', origin: 'chrome-extension://abc/' };
const offscreen = 'chrome-extension://abc/src/offscreen/index.html';
const contentScript = {
  id: 'abc',
  url: 'https://evil.example/page',
  tab: { url: 'https://evil.example/page' },
};
const optionsPage = { id: 'abc', url: 'chrome-extension://abc/src/options/index.html' };

describe('sender checks', () => {
  test("a content script shares the extension's id but is not one of its documents", () => {
    expect(isOwnDocument(contentScript, own)).toBe(false);
    expect(isOwnDocument(optionsPage, own)).toBe(true);
    expect(isOwnDocument({ ...optionsPage, id: 'other' }, own)).toBe(false);
    expect(isOwnDocument({ id: 'abc' }, own)).toBe(false);
  });

  test('only the offscreen document itself, not in a tab, is the offscreen document', () => {
    expect(isDocument({ id: 'abc', url: offscreen }, own, offscreen)).toBe(true);
    expect(isDocument({ id: 'abc', url: offscreen, tab: { url: offscreen } }, own, offscreen)).toBe(false);
    expect(isDocument(optionsPage, own, offscreen)).toBe(false);
    expect(isDocument(contentScript, own, offscreen)).toBe(false);
  });
});

describe('the page an image request comes from', () => {
  const request = (pageUrl?: string): EngineRequest => ({
    type: 'generate',
    requestId: 'r',
    modelId: 'm',
    image:
      pageUrl === undefined
        ? { kind: 'url', url: 'http://10.0.0.1/a.png' }
        : { kind: 'url', url: 'http://10.0.0.1/a.png', pageUrl },
    conversation: [{ role: 'user', text: 'hi' }],
    options: { maxNewTokens: 4, backend: 'auto' },
  });

  test("a content script's claim is replaced by its tab's address", () => {
    const forged = withSenderPage(request('http://10.0.0.1/'), contentScript, own);
    expect(forged).toMatchObject({ image: { pageUrl: 'https://evil.example/page' } });
  });

  test('a content script without a known tab names no page', () => {
    const out = withSenderPage(request('http://10.0.0.1/'), { id: 'abc', url: 'https://x.example/' }, own);
    expect(out.type === 'generate' && out.image.kind === 'url' && 'pageUrl' in out.image).toBe(false);
  });

  test("the extension's own pages keep the page they name", () => {
    expect(withSenderPage(request('http://10.0.0.1/'), optionsPage, own)).toEqual(
      request('http://10.0.0.1/'),
    );
  });
});

describe('the offscreen document and the background accept only each other', () => {
  const worker = { id: 'abc', url: 'chrome-extension://abc/service-worker-loader.js' };
  const hook = { target: 'engine-host', command: { type: 'lose-gpu-at-next-token' } };
  const request = {
    target: 'engine-host',
    command: { type: 'control', request: { type: 'status', requestId: 's' } },
  };
  const notice = {
    target: 'background',
    type: 'engine-event',
    envelope: { seq: 1, event: { type: 'token', requestId: 'r', text: 'pwned' } },
  };

  test("the engine host takes the background's commands and ignores a content script's", () => {
    expect(acceptEngineHostCommand(request, worker, own, false)).toEqual(request.command);
    expect(acceptEngineHostCommand(request, contentScript, own, true)).toBeNull();
    expect(acceptEngineHostCommand({ target: 'other', command: {} }, worker, own, true)).toBeNull();
  });

  test('fault hooks act only in a build made with test hooks', () => {
    expect(acceptEngineHostCommand(hook, worker, own, true)).toEqual(hook.command);
    expect(acceptEngineHostCommand(hook, worker, own, false)).toBeNull();
    expect(acceptEngineHostCommand(hook, contentScript, own, true)).toBeNull();
  });

  test('the background takes engine events from the offscreen document only', () => {
    expect(acceptEngineHostNotice(notice, { id: 'abc', url: offscreen }, own, offscreen)).toEqual(notice);
    expect(acceptEngineHostNotice(notice, contentScript, own, offscreen)).toBeNull();
    expect(acceptEngineHostNotice(notice, optionsPage, own, offscreen)).toBeNull();
  });
});
