export { default } from '../../tooling/config/eslint.config.mjs';
