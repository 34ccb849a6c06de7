/** lab-kernels.wasm as base64, embedded by the `lab-kernels` plugin in vite.config.ts. */
declare module 'virtual:lab-kernels' {
  const base64: string;
  export default base64;
}
