/** Whether the browser has WebGPU, and which adapter it gives (the report names the GPU the figures are from). */

/** The adapter's identity, from `GPUAdapter.info` (fields a browser withholds are empty strings). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software or otherwise limited adapter (e.g. SwiftShader). */
  fallback: boolean;
}

/** WebGPU is usable (with the adapter's info), or the reason it is not, in words for the visitor. */
export type WebGPUProbe = { ok: true; adapter: AdapterInfo } | { ok: false; reason: string };

/** Asks for an adapter the way both libraries will, and reads its info. */
export async function probeWebGPU(): Promise<WebGPUProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    const secure = window.isSecureContext ? '' : ' (WebGPU needs a secure page: https or localhost)';
    return { ok: false, reason: `WebGPU is not available in this browser: navigator.gpu is missing${secure}. Try a current Chrome or Edge, or a browser with WebGPU enabled.` };
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `WebGPU is not available: requestAdapter failed (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (!adapter) return { ok: false, reason: 'WebGPU is not available: this browser exposes WebGPU but gave no adapter (the GPU or its driver may be blocklisted).' };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return {
    ok: true,
    adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, fallback: info.isFallbackAdapter === true },
  };
}

/** One line naming the adapter: its non-empty fields, and "fallback adapter" when it is one. */
export function describeAdapter(a: AdapterInfo): string {
  const parts = (['vendor', 'architecture', 'device', 'description'] as const).filter((k) => a[k]).map((k) => `${k} ${a[k]}`);
  if (a.fallback) parts.push('fallback adapter (software: figures say nothing about a real GPU)');
  return parts.length > 0 ? parts.join(', ') : 'the browser withholds the adapter info';
}
