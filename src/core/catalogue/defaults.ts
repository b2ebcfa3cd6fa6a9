/** Parses the default values written in catalogue signatures: Python literals only. */
import type { Value } from '../config/value';
import { trans } from '../i18n/current';

export function parseDefault(text: string): Value {
  let pos = 0;
  const src = text.trim();
  const skip = () => {
    while (src[pos] === ' ') pos++;
  };
  const parse = (): Value => {
    skip();
    const c = src[pos];
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      pos++;
      const items: Value[] = [];
      skip();
      while (src[pos] !== close) {
        items.push(parse());
        skip();
        if (src[pos] === ',') pos++;
        skip();
      }
      pos++;
      return c === '(' ? { kind: 'tuple', items } : { kind: 'list', items };
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, pos + 1);
      const value = src.slice(pos + 1, end);
      pos = end + 1;
      return { kind: 'str', value };
    }
    const m = /^(True|False|None|-?\d+\.\d*(?:e-?\d+)?|-?\d+e-?\d+|-?\d+)/.exec(src.slice(pos));
    if (!m) throw new Error(trans.__('bad default: %1', text));
    pos += m[0].length;
    if (m[0] === 'True' || m[0] === 'False') return { kind: 'bool', value: m[0] === 'True' };
    if (m[0] === 'None') return { kind: 'none' };
    if (/[.e]/.test(m[0])) return { kind: 'float', value: Number(m[0]) };
    return { kind: 'int', value: BigInt(m[0]) };
  };
  return parse();
}
