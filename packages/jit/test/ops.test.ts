// jitted = eager on every recorded op, on the cpu backend (the cases are in op-cases.ts).
import { defineOpCases } from './op-cases.js';
import { useCpu } from './setup.js';

useCpu();
defineOpCases();
