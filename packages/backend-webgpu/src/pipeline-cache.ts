/**
 * Compute pipelines by key, and the bind group layouts they share.
 *
 * Core calls kernels synchronously, so a cache miss compiles with the synchronous `createComputePipeline`: the
 * dispatch is encoded at once and the driver finishes compiling before the batch runs, but the calling thread
 * may block for the compile (tens of ms on SwiftShader, usually less on a GPU driver). To keep that off the first
 * training step, the backend prewarms the common pipelines at init with `createComputePipelineAsync`.
 *
 * Compile errors surface through an error scope around the creation (not the `uncapturederror` event, which has
 * crashed Dawn): the scope's promise settles later, so the error is reported by the next backend call, naming
 * the kernel. The failed pipeline is dropped from the cache so a later call tries again.
 */
import type { Program } from './kernels/types.js';

/** GPUShaderStage.COMPUTE; a literal so the module does not need the WebGPU globals installed at load time. */
const SHADER_STAGE_COMPUTE = 4;

/** A bind group layout and the pipeline layout over it. */
interface Layout {
  readonly group: GPUBindGroupLayout;
  readonly pipeline: GPUPipelineLayout;
}

/** Compile counters. */
export interface PipelineStats {
  /** Pipelines compiled synchronously on a cache miss. */
  syncCompiles: number;
  /** Pipelines compiled asynchronously (prewarm). */
  asyncCompiles: number;
  /** Lookups served from the cache. */
  hits: number;
  /** Pipelines cached now. */
  cached: number;
}

/** The pipeline cache of one device. */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly pendingAsync = new Map<string, Promise<void>>();
  private readonly layouts = new Map<string, Layout>();
  private readonly counters = { syncCompiles: 0, asyncCompiles: 0, hits: 0 };

  constructor(
    private readonly device: GPUDevice,
    /** Receives a pipeline's validation error promise (settled later), for the backend to report. */
    private readonly onCheck: (check: Promise<Error | null>) => void,
  ) {}

  /** The layout for `nIn` read-only, `nOut` writable storage buffers and the parameter block. */
  layout(nIn: number, nOut: number): Layout {
    const key = `${nIn}:${nOut}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < nIn + nOut; i++) {
        entries.push({
          binding: i,
          visibility: SHADER_STAGE_COMPUTE,
          buffer: { type: i < nIn ? 'read-only-storage' : 'storage' },
        });
      }
      entries.push({ binding: nIn + nOut, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'uniform' } });
      const group = this.device.createBindGroupLayout({ entries, label: `lab ${key}` });
      const pipeline = this.device.createPipelineLayout({ bindGroupLayouts: [group] });
      l = { group, pipeline };
      this.layouts.set(key, l);
    }
    return l;
  }

  /** The pipeline of a program, compiled synchronously on a miss. */
  get(program: Program): GPUComputePipeline {
    const hit = this.pipelines.get(program.key);
    if (hit) {
      this.counters.hits++;
      return hit;
    }
    const layout = this.layout(program.nIn, program.nOut);
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code: program.source(), label: program.name });
    const pipeline = this.device.createComputePipeline({
      layout: layout.pipeline,
      compute: { module, entryPoint: 'main' },
      label: program.name,
    });
    const scope = this.device.popErrorScope();
    this.counters.syncCompiles++;
    this.pipelines.set(program.key, pipeline);
    this.onCheck(
      scope.then(
        (err) => {
          if (!err) return null;
          if (this.pipelines.get(program.key) === pipeline) this.pipelines.delete(program.key);
          return new Error(`webgpu: kernel '${program.name}' failed to compile: ${err.message}`);
        },
        () => null,
      ),
    );
    return pipeline;
  }

  /** Compiles programs in the background (createComputePipelineAsync); resolves when all settled. */
  async prewarm(programs: readonly Program[]): Promise<void> {
    const jobs = programs.map((program) => {
      if (this.pipelines.has(program.key)) return Promise.resolve();
      let job = this.pendingAsync.get(program.key);
      if (!job) {
        const layout = this.layout(program.nIn, program.nOut);
        // The module's own errors (WGSL messages with line numbers) come through a scope; the async pipeline's
        // rejection only says the module is invalid.
        this.device.pushErrorScope('validation');
        const module = this.device.createShaderModule({ code: program.source(), label: program.name });
        const moduleError = this.device.popErrorScope().catch(() => null);
        job = this.device
          .createComputePipelineAsync({ layout: layout.pipeline, compute: { module, entryPoint: 'main' }, label: program.name })
          .then(
            (pipeline) => {
              this.counters.asyncCompiles++;
              if (!this.pipelines.has(program.key)) this.pipelines.set(program.key, pipeline);
            },
            async (e: unknown) => {
              const detail = (await moduleError)?.message ?? (e as Error).message;
              this.onCheck(Promise.resolve(new Error(`webgpu: kernel '${program.name}' failed to compile: ${detail}`)));
            },
          )
          .finally(() => this.pendingAsync.delete(program.key));
        this.pendingAsync.set(program.key, job);
      }
      return job;
    });
    await Promise.all(jobs);
  }

  /** Counters (a copy). */
  stats(): PipelineStats {
    return { ...this.counters, cached: this.pipelines.size };
  }
}
