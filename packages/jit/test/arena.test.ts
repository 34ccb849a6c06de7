// The replay arena and the trace's scope on the cpu backend (weights bit-for-bit eager's).
import { useCpu } from './setup.js';
import { arenaSuite } from './arena-cases.js';

useCpu();
arenaSuite(0);
