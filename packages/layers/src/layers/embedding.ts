/** Embedding: integer ids to dense vectors. */
import { gather, type DType, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';
import { regularizerConfig } from './config-helpers.js';

/** Options of {@link Embedding}. */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids are in [0, inputDim). */
  inputDim: number;
  /** Vector size. */
  outputDim: number;
  /** Default 'uniform' (RandomUniform in [-0.05, 0.05], Keras's default). */
  embeddingsInitializer?: InitializerIdentifier;
  /** Penalty on the table. */
  embeddingsRegularizer?: RegularizerIdentifier | null;
}

/** Looks up rows of an `[inputDim, outputDim]` table: `[b, ...]` int ids -> `[b, ..., outputDim]`. */
export class Embedding extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Embedding';
  /** Vocabulary size. */
  readonly inputDim: number;
  /** Vector size. */
  readonly outputDim: number;
  /** The table (after build). */
  embeddings: Variable | null = null;
  private readonly init: Initializer;
  private readonly reg: Regularizer | null;

  /** Creates the layer. */
  constructor(args: EmbeddingArgs) {
    super(args);
    checkLayerArgs('Embedding', args, ['inputDim', 'outputDim', 'embeddingsInitializer', 'embeddingsRegularizer']);
    const w = `Embedding '${this.name}'`;
    for (const k of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] <= 0) throw new Error(`${w}: ${k} must be a positive integer, got ${String(args?.[k])}`);
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.init = getInitializer(args.embeddingsInitializer ?? 'uniform', w);
    this.reg = getRegularizer(args.embeddingsRegularizer);
  }

  /** @inheritdoc */
  override build(_inputShape: Shape | Shape[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], { initializer: this.init, regularizer: this.reg });
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    const ids = x.dtype === 'int32' ? x : x.cast('int32');
    return gather(this.embeddings!, ids, 0);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape), this.outputDim];
  }

  /** @inheritdoc */
  protected override computeOutputDType(_inputDTypes: DType[]): DType {
    return this.dtype;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.init) as unknown as Config,
      embeddingsRegularizer: regularizerConfig(this.reg),
    };
  }
}
