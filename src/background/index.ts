import { registerBadge } from './badge';
import { registerEngineRelay } from './engine-relay';
import { registerFeed } from './feed';

registerBadge();
registerFeed();
registerEngineRelay();
