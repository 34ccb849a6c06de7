// The matmul-epilogue pass on the cpu backend (the reference): matMul + bias + activation chains replay as one
// fusedMatMul node with eager's values, and a jitted training step keeps eager's losses.
import { useCpu } from './setup.js';
import { matmulEpilogueSuite } from './matmul-epilogue-cases.js';

useCpu();
matmulEpilogueSuite(1e-6);
