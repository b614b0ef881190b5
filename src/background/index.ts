import { browser } from '../platform/browser';

browser.runtime.onInstalled.addListener(() => {
  // placeholder wiring; features register themselves here
});
