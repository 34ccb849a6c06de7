/**
 * Getting a GPUDevice: the browser's `navigator.gpu`, or in Node the `webgpu` npm package (Dawn), loaded only
 * when needed so browser bundles never see it.
 */

/** The part of the `webgpu` npm package this backend uses. */
interface DawnModule {
  create(flags: string[]): GPU;
  globals: object;
}

/** Options for acquiring a device. */
export interface DeviceOptions {
  /** Use this device instead of requesting one (the backend then never destroys it). */
  readonly device?: GPUDevice;
  /** Adapter preference passed to requestAdapter. */
  readonly powerPreference?: GPUPowerPreference;
  /** Flags for Dawn's `create()` in Node (e.g. `['backend=vulkan']`); ignored in browsers. */
  readonly dawnFlags?: readonly string[];
}

/** What the backend knows about its device. */
export interface DeviceContext {
  readonly device: GPUDevice;
  /**
   * The GPU object that made the device. In Node this is Dawn's instance: it must stay strongly referenced for as
   * long as the device lives, or V8 may collect it and Dawn then crashes at random later.
   */
  readonly gpu: GPU | null;
  readonly adapter: GPUAdapter | null;
  /** True when the backend created the device (and may destroy it). */
  readonly owned: boolean;
  /** Adapter description for messages and stats. */
  readonly adapterInfo: AdapterSummary;
  /** Optional features enabled on the device. */
  readonly features: readonly string[];
}

/** A plain summary of the adapter. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** Dawn loaded once per process: one instance serves every device (and is never collected). */
let dawn: Promise<GPU> | null = null;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function loadDawn(flags: readonly string[]): Promise<GPU> {
  // A variable specifier keeps bundlers from resolving (and shipping) Dawn into browser builds.
  const specifier = 'webgpu';
  let mod: DawnModule;
  try {
    mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as DawnModule;
  } catch (e) {
    throw new Error(
      `webgpu: no navigator.gpu, and the 'webgpu' package (Dawn for Node) could not be loaded: ${(e as Error).message}. ` +
        `Install it next to @lab/backend-webgpu (npm i webgpu), or use another backend.`,
    );
  }
  // Dawn's classes and enums (GPUBufferUsage, ...) as globals, the way browsers have them; existing ones stay.
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in g)) g[k] = v;
  return mod.create([...flags]);
}

/** The GPU entry point of this environment, or null. */
async function getGPU(options: DeviceOptions): Promise<GPU | null> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode()) return null;
  dawn ??= loadDawn(options.dawnFlags ?? []).catch((e: unknown) => {
    dawn = null;
    throw e;
  });
  return dawn;
}

/** Requests an adapter and a device with the adapter's full buffer and workgroup limits. */
export async function acquireDevice(options: DeviceOptions): Promise<DeviceContext> {
  if (options.device) {
    return {
      device: options.device,
      gpu: null,
      adapter: null,
      owned: false,
      adapterInfo: summarize(options.device.adapterInfo),
      features: [...options.device.features],
    };
  }
  const gpu = await getGPU(options);
  if (!gpu) {
    throw new Error('webgpu: WebGPU is not available here (no navigator.gpu); use a browser with WebGPU, or Node with the webgpu package');
  }
  const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  if (!adapter) {
    throw new Error(
      'webgpu: no GPU adapter found. In a browser, WebGPU may be disabled or blocked for this GPU; in Node, Dawn needs a ' +
        'Vulkan/Metal/D3D12 driver (without a GPU on Linux: SwiftShader, VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)',
    );
  }
  // Ask for the adapter's real limits: the defaults cap storage buffers at 128 MiB and workgroup memory at 16 KiB.
  const want: (keyof GPUSupportedLimits)[] = [
    'maxBufferSize',
    'maxStorageBufferBindingSize',
    'maxComputeWorkgroupStorageSize',
    'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX',
    'maxComputeWorkgroupSizeY',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBuffersPerShaderStage',
  ];
  const requiredLimits: Record<string, number> = {};
  for (const k of want) {
    const v = adapter.limits[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  const device = await adapter.requestDevice({ requiredLimits, label: 'lab webgpu backend' });
  return {
    device,
    gpu,
    adapter,
    owned: true,
    adapterInfo: summarize(adapter.info),
    features: [...device.features],
  };
}

function summarize(info: GPUAdapterInfo | undefined): AdapterSummary {
  const i = (info ?? {}) as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  return {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    isFallbackAdapter: i.isFallbackAdapter ?? false,
  };
}
