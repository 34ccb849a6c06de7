/** Cases of the optional `readSync` (only where `descriptor.syncRead` is true). */
import type { BackendDType, DataValues } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { ConformanceError, expectValues } from '../check.js';
import { decode } from '../host.js';
import { makeView } from '../view.js';
import { defaultValues } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** Every readSync case for the given dtypes. */
export function readSyncCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    cases.push(
      makeCase({
        kernel: 'readSync',
        dtype,
        title: 'readSync agrees with read, also right after a kernel',
        requires: { syncRead: true },
        run: async (ctx) => {
          const backend = ctx.backend;
          if (typeof backend.readSync !== 'function') {
            throw new ConformanceError(`descriptor.syncRead is true but the backend has no readSync`);
          }
          const values = defaultValues(ctx.rng, dtype, 129);
          const id = ctx.upload(dtype, values);
          const sync = decode(dtype, backend.readSync(id), 129, 'readSync');
          expectValues(sync, values, { kernel: 'readSync', dtype, shape: [129] }, EXACT);
          const empty = ctx.alloc(dtype, 0);
          decode(dtype, backend.readSync(empty), 0, 'readSync of an empty buffer');
          // A kernel's result must be visible to an immediate readSync.
          const out = ctx.alloc(dtype, 129);
          backend.copy(makeView(id, dtype, [129], [1], 0), makeView(out, dtype, [129]));
          const after = decode(dtype, backend.readSync(out) as DataValues, 129, 'readSync after copy');
          expectValues(after, values, { kernel: 'readSync', dtype, shape: [129], note: 'immediately after a copy kernel' }, EXACT);
        },
      }),
    );
  }
  return cases;
}
