import { browser } from '../platform/browser';
import { registerBadge } from './badge';
import { registerFeed } from './feed';

browser.runtime.onInstalled.addListener(() => {
  // placeholder wiring; features register themselves here
});

registerBadge();
registerFeed();
