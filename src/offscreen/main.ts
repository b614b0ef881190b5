/**
 * The offscreen document (Chrome): hosts the engine so a long download or generation survives the service
 * worker's idle shutdowns. It only relays; the logic is in EngineHost.
 */
import { notifyBackground, onEngineHostCommand } from '../platform/offscreen';
import { createEngineHost } from './create-engine-host';

const host = createEngineHost((notice) => void notifyBackground(notice));

onEngineHostCommand((command) => host.handle(command));
