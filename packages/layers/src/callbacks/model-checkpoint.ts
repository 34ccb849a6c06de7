/** ModelCheckpoint: saves the model (or its weights) after epochs, optionally only when it improved. */
import { Callback, type Logs } from './callback.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** The log key compared with `saveBestOnly`. Default 'val_loss'. */
  monitor?: string;
  /** Save only when `monitor` improved. Default false. */
  saveBestOnly?: boolean;
  /** Save weights only (a safetensors file) instead of the whole model (a directory). Default false. */
  saveWeightsOnly?: boolean;
  /** 'min', 'max' or 'auto'. Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Print a line per save. Default 0. */
  verbose?: number;
}

/**
 * Saves after every epoch to `filepath`, where `{epoch}` (1-based, `{epoch:03d}` zero-padded) and log keys
 * (`{val_loss:.4f}`) are filled in, as Keras does.
 */
export class ModelCheckpoint extends Callback {
  /** The path template. */
  readonly filepath: string;
  /** The monitored key. */
  readonly monitor: string;
  /** Only improvements. */
  readonly saveBestOnly: boolean;
  /** Weights only. */
  readonly saveWeightsOnly: boolean;
  /** Direction. */
  readonly mode: 'min' | 'max';
  /** Verbosity. */
  readonly verbose: number;
  /** The best value seen. */
  best: number;
  /** The paths written, in order. */
  readonly saved: string[] = [];

  /** Creates the callback. */
  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    if (typeof filepath !== 'string' || filepath === '') throw new Error('ModelCheckpoint: filepath must be a non-empty string');
    this.filepath = filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    const m = options.mode ?? 'auto';
    this.mode = m === 'auto' ? (/(acc|accuracy|auc)$/.test(this.monitor) ? 'max' : 'min') : m;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.verbose = options.verbose ?? 0;
  }

  /**
   * Fills the path template.
   * @param epoch - the epoch (0-based; `{epoch}` prints it 1-based).
   * @param logs - the epoch's logs, for keys such as `{val_loss:.2f}`.
   * @returns the path with every known key filled in.
   * @example
   * ```ts
   * const cb = new ModelCheckpoint('ckpt-{epoch:02d}-{loss:.2f}');
   * cb.formatPath(0, { loss: 0.1234 }); // 'ckpt-01-0.12'
   * ```
   */
  formatPath(epoch: number, logs: Logs = {}): string {
    return this.filepath.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
      const v = key === 'epoch' ? epoch + 1 : logs[key];
      if (v === undefined) return whole;
      if (spec) {
        const d = /^0?(\d+)d$/.exec(spec);
        if (d) return String(Math.round(v)).padStart(Number(d[1]), spec.startsWith('0') ? '0' : ' ');
        const f = /^\.(\d+)f$/.exec(spec);
        if (f) return v.toFixed(Number(f[1]));
      }
      return String(v);
    });
  }

  /** @inheritdoc */
  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.model!;
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`ModelCheckpoint: '${this.monitor}' is not in the logs; skipping`);
        return;
      }
      const better = this.mode === 'min' ? current < this.best : current > this.best;
      if (!better) return;
      this.best = current;
    }
    const path = this.formatPath(epoch, logs);
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
    this.saved.push(path);
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
  }
}
