// saveOnnx writes the exported bytes atomically (a temporary beside the file, then a rename) and removes the
// temporaries of saves that were killed. The kill test itself is tooling/integration/test/kill-during-save.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Dense, Sequential } from '@lab/layers';
import { exportOnnxAsync, saveOnnx } from '@lab/onnx';

const dir = mkdtempSync(join(tmpdir(), 'lab-onnx-save-'));
beforeAll(async () => {
  await init(cpu);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveOnnx', () => {
  it('writes exactly the exported bytes, replaces an older file and leaves no temporary', async () => {
    const model = new Sequential([new Dense({ units: 3, inputShape: [4], activation: 'relu' })]);
    const file = join(dir, 'model.onnx');
    writeFileSync(file, 'an older version');
    await saveOnnx(model, file);
    expect([...readFileSync(file)]).toEqual([...(await exportOnnxAsync(model))]);
    expect(readdirSync(dir)).toEqual(['model.onnx']);
    model.dispose();
  });

  it("removes a killed save's temporary (its pid is gone) but not a live writer's", async () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [2] })]);
    const file = join(dir, 'again.onnx');
    // 4194305 is above Linux's largest pid_max: no process has it.
    const dead = 'again.onnx.4194305.k1ll3d.tmp';
    const live = `again.onnx.${process.pid}.l1ve.tmp`;
    writeFileSync(join(dir, dead), 'partial');
    writeFileSync(join(dir, live), 'in progress');
    await saveOnnx(model, file);
    const names = readdirSync(dir);
    expect(names).toContain('again.onnx');
    expect(names).toContain(live);
    expect(names).not.toContain(dead);
    model.dispose();
  });
});
