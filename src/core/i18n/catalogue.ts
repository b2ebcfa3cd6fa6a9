/**
 * A translation catalogue as JupyterLab serves it (`locale/<lang>/LC_MESSAGES/<domain>.json`, written by
 * jupyterlab-translate; the translations API's `data[domain]`) turned into `IStrings`, where JupyterLab's
 * TranslationBundle cannot go: the engine's Web Worker and the CLI. The same lookups as JupyterLab's
 * Gettext: `msgid → [msgstr, plural forms…]`, `context\u0004msgid` for contexts, the plural form picked
 * by the catalogue's `plural_forms` rule, the msgid (or its plural) where a translation is missing.
 */
import { substitute, type IStrings } from './strings';

export interface ICatalogueHeader {
  domain?: string;
  language?: string;
  plural_forms?: string;
  /** As JupyterLab's TranslationManager rewrites the header. */
  pluralForms?: string;
}

export type Catalogue = { ''?: ICatalogueHeader } & Record<string, unknown>;

export function catalogueStrings(catalogue: Catalogue): IStrings {
  const header = (catalogue[''] ?? {}) as ICatalogueHeader;
  const plural = pluralRule(header.plural_forms ?? header.pluralForms);
  const forms = (msgid: string): string[] | null => {
    const entry = Object.hasOwn(catalogue, msgid) && msgid !== '' ? catalogue[msgid] : undefined;
    return Array.isArray(entry) ? (entry as unknown[]).map(s => (typeof s === 'string' ? s : '')) : null;
  };
  return {
    __: (msgid, ...args) => substitute(forms(msgid)?.[0] || msgid, args),
    _n: (msgid, msgidPlural, n, ...args) => {
      const translated = forms(msgid)?.[plural(n)];
      return substitute(translated || (n === 1 ? msgid : msgidPlural), [n, ...args]);
    }
  };
}

/**
 * The plural rule of a `Plural-Forms` header (`nplurals=2; plural=(n != 1);`): the index of the form
 * for `n`. Evaluated by a small parser of gettext's C expressions (no eval); English's rule when the
 * header is missing or unreadable.
 */
export function pluralRule(header: string | undefined): (n: number) => number {
  const english = (n: number) => (n === 1 ? 0 : 1);
  const match = /plural\s*=\s*([^;]+)/.exec(header ?? '');
  const count = Number(/nplurals\s*=\s*(\d+)/.exec(header ?? '')?.[1] ?? 2);
  if (!match) return english;
  let expression: (n: number) => number;
  try {
    expression = parsePlural(match[1]);
  } catch {
    return english;
  }
  return n => {
    const index = expression(n);
    return index >= 0 && index < count ? index : 0;
  };
}

type Expr = (n: number) => number;

/** Recursive descent over ?:, ||, &&, ==, !=, <, <=, >, >=, +, -, *, /, %, !, parentheses, n and integers. */
function parsePlural(text: string): Expr {
  const tokens = text.match(/\d+|n|\|\||&&|==|!=|<=|>=|[<>?:()!%*/+-]/g) ?? [];
  if (tokens.join('') !== text.replace(/\s+/g, '')) throw new Error('unreadable plural rule');
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    if (t !== undefined && tokens[i] !== t) throw new Error(`expected ${t}`);
    return tokens[i++];
  };
  const bool = (b: boolean) => (b ? 1 : 0);
  const binary = (next: () => Expr, ops: Record<string, (a: number, b: number) => number>): (() => Expr) => {
    return () => {
      let left = next();
      while (peek() !== undefined && Object.hasOwn(ops, peek()!)) {
        const op = ops[take()!];
        const [l, r] = [left, next()];
        left = n => op(l(n), r(n));
      }
      return left;
    };
  };
  const primary = (): Expr => {
    const t = take();
    if (t === '(') {
      const e = ternary();
      take(')');
      return e;
    }
    if (t === '!') {
      const e = primary();
      return n => bool(!e(n));
    }
    if (t === 'n') return n => n;
    if (t !== undefined && /^\d+$/.test(t)) return () => Number(t);
    throw new Error('unexpected token');
  };
  const multiplicative = binary(primary, { '*': (a, b) => a * b, '/': (a, b) => Math.trunc(a / b), '%': (a, b) => a % b });
  const additive = binary(multiplicative, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const relational = binary(additive, {
    '<': (a, b) => bool(a < b),
    '<=': (a, b) => bool(a <= b),
    '>': (a, b) => bool(a > b),
    '>=': (a, b) => bool(a >= b)
  });
  const equality = binary(relational, { '==': (a, b) => bool(a === b), '!=': (a, b) => bool(a !== b) });
  const and = binary(equality, { '&&': (a, b) => bool(!!a && !!b) });
  const or = binary(and, { '||': (a, b) => bool(!!a || !!b) });
  function ternary(): Expr {
    const test = or();
    if (peek() !== '?') return test;
    take('?');
    const yes = ternary();
    take(':');
    const no = ternary();
    return n => (test(n) ? yes(n) : no(n));
  }
  const e = ternary();
  if (i !== tokens.length) throw new Error('trailing tokens');
  return e;
}
