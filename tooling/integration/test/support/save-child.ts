/**
 * The child process of the kill-during-save tests: saves version after version of one writer's output to one
 * path until it is killed. Every weight of version `v` equals `v`, so the parent can tell which version a file
 * holds. Protocol on stdout (pipes are written synchronously on Linux, so a line printed before the kill arrives):
 * `ready`, then `saving <v>` before each save and `saved <v>` once it returned.
 *
 * Usage: node save-child.mjs <writer> <target> <first version> [<count>]
 */
import { fill, init, tensor, type Variable } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { jit } from '@lab/jit';
import { saveModule } from '@lab/jit/node';
import { Callback, Dense, ModelCheckpoint, Sequential, saveModel, saveWeights } from '@lab/layers';
import { saveOnnx } from '@lab/onnx';

const [writer, target, firstArg, countArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = countArg === undefined ? Infinity : Number(countArg);

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Sets every variable to `v`. */
function setAll(vars: readonly Variable[], v: number): void {
  for (const w of vars) {
    const t = fill(w.shape, v, w.dtype);
    w.assign(t);
    t.dispose();
  }
}

/** A model of about 4 MB of weights, so a save takes long enough to be killed in the middle. */
function model(): Sequential {
  const m = new Sequential([new Dense({ units: 512, inputShape: [1024] }), new Dense({ units: 256 })]);
  return m;
}

/** Sets the weights to the epoch's version before ModelCheckpoint saves them, and reports it. */
class Versioner extends Callback {
  constructor(private readonly vars: () => readonly Variable[]) {
    super();
  }
  override onEpochEnd(epoch: number): void {
    setAll(this.vars(), first + epoch);
    say(`saving ${first + epoch}`);
  }
}

/** Runs after ModelCheckpoint: the save of this epoch returned. */
class Reporter extends Callback {
  override onEpochEnd(epoch: number): void {
    say(`saved ${first + epoch}`);
    if (epoch + 1 >= count) this.model!.stopTraining = true;
  }
}

async function main(): Promise<void> {
  await init(cpu);
  if (writer === 'checkpoint') {
    const m = model();
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tensor([new Array<number>(1024).fill(0)]);
    const y = tensor([new Array<number>(256).fill(0)]);
    say('ready');
    await m.fit(x, y, {
      epochs: Number.isFinite(count) ? count : 1_000_000,
      verbose: 0,
      callbacks: [new Versioner(() => m.variables), new ModelCheckpoint(target), new Reporter()],
    });
    return;
  }
  let vars: readonly Variable[];
  let save: () => Promise<void>;
  if (writer === 'jit') {
    const m = model();
    const w = m.variables[0];
    const f = jit((x: ReturnType<typeof tensor>) => x.matMul(w));
    f(tensor([new Array<number>(1024).fill(1)])).dispose();
    vars = m.variables;
    save = () => saveModule({ f, w, rest: m.variables.slice(1) }, target);
  } else {
    const m = model();
    vars = m.variables;
    if (writer === 'saveModel') save = () => saveModel(m, target);
    else if (writer === 'saveWeights') save = () => saveWeights(m, target);
    else if (writer === 'onnx') save = () => saveOnnx(m, target);
    else throw new Error(`save-child: unknown writer '${writer}'`);
  }
  say('ready');
  for (let v = first; v < first + count; v++) {
    setAll(vars, v);
    say(`saving ${v}`);
    await save();
    say(`saved ${v}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
