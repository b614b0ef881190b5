/**
 * Asks for the popup's tab as the very first thing the popup's JS does: main.tsx imports this module first, so the
 * request is under way while Preact, the data and the views are still being evaluated.
 */
import { popupTab } from '../platform/popup-tab';

export const popupTabRequest = popupTab(location.search);
