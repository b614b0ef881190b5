/**
 * A hostile page's script for the e2e suites (Chromium's hostile-page.test.ts, Firefox's firefox/hostile-page.test.ts):
 * put in a page's <head>, it tries everything a page can against a conversation about its image.
 */
/** What the page types into every field it finds. */
export const PAGE_QUESTION = 'page-typed question';

/**
 * The page's attack, running from the first byte of the page: everything it sees is kept in `window.seen` (text,
 * keys, input data, clipboard text, messages), every round of its DOM walk counted in `window.rounds`.
 */
export const HOSTILE_PAGE_SCRIPT = `
window.seen = [];
window.rounds = 0;
window.forged = [];
const note = (what) => { if (what) window.seen.push(String(what)); };
const roots = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, { ...init, mode: 'open' });
  roots.push(root);
  return root;
};
for (const target of [window, document]) {
  for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'change', 'submit', 'copy', 'cut', 'paste', 'focusin']) {
    target.addEventListener(type, (e) => {
      // The page's own synthetic events prove nothing; trusted ones come from the person.
      if (!e.isTrusted) return;
      note(type + ':' + (e.key ?? '') + (e.data ?? '') + (e.target && 'value' in e.target ? e.target.value : ''));
      if (e.clipboardData) note(e.clipboardData.getData('text/plain'));
    }, true);
  }
  target.addEventListener('message', (e) => note('message:' + JSON.stringify(e.data)), true);
}
document.addEventListener('selectionchange', () => note(String(document.getSelection())));
function allRoots() {
  const found = [document];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot && !found.includes(el.shadowRoot)) { found.push(el.shadowRoot); walk(el.shadowRoot); }
    }
  };
  walk(document);
  for (const r of roots) if (!found.includes(r)) { found.push(r); walk(r); }
  return found;
}
function attack() {
  window.rounds += 1;
  for (const root of allRoots()) {
    const host = root.host ? root.host.localName + ':' : '';
    note(host + (root === document ? document.documentElement.innerText : root.textContent));
    for (const field of root.querySelectorAll('input, textarea')) {
      note('value:' + field.value);
      field.focus();
      field.value = ${JSON.stringify(PAGE_QUESTION)};
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: 'x' }));
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      field.form?.requestSubmit();
    }
    for (const button of root.querySelectorAll('button, [role=button]')) {
      note('button:' + button.textContent);
      button.click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
  }
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}
const forgeries = [
  { target: 'ask-image', type: 'ask-about-image', srcUrl: location.href },
  { target: 'read-image', srcUrl: location.href },
  { target: 'engine-relay', type: 'end-conversation', conversationId: 'x' },
  { target: 'background', type: 'engine-idle', idleMs: 1 },
];
function forge() {
  for (const message of forgeries) window.postMessage(message, '*');
  const id = new URLSearchParams(location.search).get('ext');
  const runtime = globalThis.chrome && chrome.runtime;
  if (!runtime || !runtime.sendMessage) { window.forged.push('no runtime'); return; }
  for (const message of forgeries) {
    try {
      runtime.sendMessage(id, message, (reply) => window.forged.push('reply:' + JSON.stringify(reply)));
    } catch (error) {
      window.forged.push('refused:' + error.message);
    }
  }
}
setInterval(attack, 100);
setInterval(forge, 500);
let queued = false;
new MutationObserver(() => {
  if (queued) return;
  queued = true;
  setTimeout(() => { queued = false; attack(); }, 0);
}).observe(document, { subtree: true, childList: true, characterData: true });
`;
