/** Keras semantics of the model methods and names that real scripts rely on, read statically. */
import { describe, expect, it } from 'vitest';
import { HEADER, errors, model, py } from './helpers/analyze';

describe('model methods around training', () => {
  it('what fit(), evaluate() and predict() return is unknown, never None', () => {
    // Boston housing (Deep Learning with Python): the k-fold loop unpacks evaluate()'s [loss, metric].
    const src = `m = keras.Sequential([keras.Input((13,)), layers.Dense(4)])\nm.compile(loss='mse', metrics=['mae'])\nhistory = m.fit(x, y)\nval_mse, val_mae = m.evaluate(x, y, verbose=0)\nn = m.predict(x).shape[1]\nk = keras.Sequential([keras.Input((3,)), layers.Dense(val_mae)])\n`;
    const report = py(`${HEADER}${src}`);
    expect(errors(report).filter(e => /unpack/.test(e))).toEqual([]);
    expect(model(report, 'k').rows.map(r => r.params.keras)).toEqual([null]);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/what model\.evaluate\(\) returns is known only by running it/);
  });
});
