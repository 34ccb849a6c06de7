import base from '../../tooling/config/eslint.config.mjs';
import { noSyncRead } from '../../tooling/config/eslint-no-sync-read.mjs';

// The shared rules, plus: no synchronous tensor reads in src (issue 13; see eslint-no-sync-read.mjs).
export default [...base, noSyncRead];
