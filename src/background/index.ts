import { browser } from '../platform/browser';
import { registerBadge } from './badge';

browser.runtime.onInstalled.addListener(() => {
  // placeholder wiring; features register themselves here
});

registerBadge();
