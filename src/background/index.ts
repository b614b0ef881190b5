import { registerWelcomeOnInstall } from '../platform/welcome';
import { registerBadge } from './badge';
import { registerEngineRelay } from './engine-relay';
import { registerFeed } from './feed';
import { registerImageMenu } from './image-menu';

registerBadge();
registerFeed();
registerEngineRelay();
registerImageMenu();
registerWelcomeOnInstall();
