// Library code on training, saving, exporting and plotting paths never reads a tensor synchronously: on WebGPU a
// synchronous read fails in Node and stalls the GPU pipeline in a browser (issue 13). The packages whose src this
// applies to add this block after the shared config. A public API that is synchronous by design (a sync twin of
// an async API) may read, with `// eslint-disable-next-line no-restricted-properties -- <why>` at the read.
const why = 'reads the device synchronously (fails on webgpu in Node, stalls the GPU in a browser); use the async form';

/** The ESLint block that forbids synchronous tensor reads in `src/`. */
export const noSyncRead = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-properties': [
      'error',
      { property: 'dataSync', message: `dataSync ${why}: await t.data()` },
      { property: 'arraySync', message: `arraySync ${why}: await t.array()` },
      { property: 'item', message: `item() ${why}: (await t.data())[0]` },
      { property: 'readSync', message: `readSync ${why}: await backend.read(id)` },
    ],
  },
};
