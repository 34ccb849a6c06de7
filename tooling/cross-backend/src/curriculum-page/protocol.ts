/** What the curriculum page exposes as `globalThis.labCurriculum`, and what its calls return (plain data). */

/** The curriculum's sections. */
export type SectionName = 'C1' | 'C2' | 'C3' | 'C4' | 'C5';

/** One section's run in the page. */
export interface SectionRun {
  /** Every line it printed with `console.log`, in order (multi-line prints split). */
  readonly lines: readonly string[];
  /** The error it threw (message and stack), or null. */
  readonly error: string | null;
  /** Wall time in the page. */
  readonly ms: number;
  /** Tensors alive after the run minus before (0: it freed everything it made). */
  readonly leakedTensors: number;
}

/** The page's API. */
export interface CurriculumPageApi {
  /** The selected backend, whether it reads synchronously, and the browser. */
  info(): Promise<{ backend: string; syncRead: boolean; userAgent: string }>;
  /** Runs one section on WebGPU. */
  run(name: SectionName): Promise<SectionRun>;
}
