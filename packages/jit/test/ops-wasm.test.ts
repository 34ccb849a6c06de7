// jitted = eager on every recorded op, on the wasm backend: the fused chains run its fusedElementwise kernel.
import { defineOpCases } from './op-cases.js';
import { useWasm } from './setup.js';

useWasm();
defineOpCases();
