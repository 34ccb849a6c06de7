// The shared config, minus assembly/: AssemblyScript is not TypeScript (v128, load<T>, @inline ...).
import base from '../../tooling/config/eslint.config.mjs';

export default [{ ignores: ['assembly/**'] }, ...base];
