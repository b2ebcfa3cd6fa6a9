/**
 * `argparse` as a script run with no command-line arguments sees it: `parser.parse_args()` gives every
 * argument its default (converted by its `type=`, as argparse converts a string default), so
 * `Dense(args.units)` reads the size the script's author wrote as the default. An argument without one
 * (`required=True`, a positional argument) is unknown, with that reason; so is everything when the
 * parser is given something the reader does not follow. `parse_args([...])` with a literal list reads
 * the options in it (`--units 64`, `--units=64`, flags). Nothing here knows of Keras.
 */
import { NONE, int, str, unknown, type IPyClass, type Value } from './values';
import { trans } from '../i18n/current';

type Instance = Value & { kind: 'instance' };

interface IArgument {
  /** `--max-features`, `-u`: the option strings (none for a positional argument). */
  options: string[];
  dest: string;
  /** The value with no command-line arguments, or why there is none. */
  value: Value;
  action: string;
  /** `type=int` / `float` / `str` (null: none given, or one the reader does not follow). */
  type: 'int' | 'float' | 'str' | 'other' | null;
  /** `action='store_const'`: the value the flag stores. */
  constant: Value;
}

interface IParser {
  arguments: IArgument[];
  /** `set_defaults(k=v)`. */
  defaults: Map<string, Value>;
  /** Why this parser's namespace cannot be known (subparsers, arguments built from unknown values). */
  unknownWhy: string | null;
}

const METHODS = [
  'add_argument',
  'add_argument_group',
  'add_mutually_exclusive_group',
  'set_defaults',
  'parse_args',
  'parse_known_args',
  'add_subparsers',
  'print_help',
  'print_usage'
];

/** The class of `argparse.ArgumentParser` objects (and of their argument groups, which add to the same parser). */
const PARSER_CLASS: IPyClass = {
  name: 'ArgumentParser',
  bases: [],
  attrs: new Map(METHODS.map(name => [name, { kind: 'builtin', name: `method:${name}` }]))
};

/** The class of what `parse_args()` returns. */
const NAMESPACE_CLASS: IPyClass = { name: 'Namespace', bases: [], attrs: new Map() };

const parsers = new WeakMap<Instance, IParser>();

/** `argparse.ArgumentParser(...)`. */
export function newArgumentParser(): Value {
  const parser: Instance = { kind: 'instance', cls: PARSER_CLASS, attrs: new Map() };
  parsers.set(parser, { arguments: [], defaults: new Map(), unknownWhy: null });
  return parser;
}

/** Whether `v` is an argparse parser (or one of its groups). */
export function isArgumentParser(v: Value | undefined): v is Instance {
  return v?.kind === 'instance' && parsers.has(v);
}

/** A method of a parser; `parsedWithDefaults` is told when a namespace of defaults is returned. */
export function argumentParserMethod(
  owner: Instance,
  name: string,
  positional: Value[],
  keywords: ReadonlyMap<string, { value: Value }>,
  parsedWithDefaults: () => void
): Value {
  const parser = parsers.get(owner)!;
  const kw = (k: string) => keywords.get(k)?.value;
  switch (name) {
    case 'add_argument':
      addArgument(parser, positional, kw);
      return NONE;
    case 'add_argument_group':
    case 'add_mutually_exclusive_group': {
      const group: Instance = { kind: 'instance', cls: PARSER_CLASS, attrs: new Map() };
      parsers.set(group, parser);
      return group;
    }
    case 'set_defaults':
      for (const [k, a] of keywords) parser.defaults.set(k, a.value);
      return NONE;
    case 'add_subparsers':
      parser.unknownWhy = trans.__('a parser with subcommands (add_subparsers)');
      return unknown(parser.unknownWhy);
    case 'parse_args':
    case 'parse_known_args': {
      const namespace = parse(parser, positional[0] ?? kw('args') ?? NONE, parsedWithDefaults);
      return name === 'parse_args' ? namespace : { kind: 'tuple', items: [namespace, { kind: 'list', items: [] }] };
    }
    default:
      return NONE;
  }
}

function addArgument(parser: IParser, positional: Value[], kw: (k: string) => Value | undefined): void {
  const flags = positional.map(v => (v.kind === 'str' ? v.value : null));
  if (!flags.length || flags.some(f => f === null)) {
    parser.unknownWhy = trans.__('an argument whose name is not known statically');
    return;
  }
  const names = flags as string[];
  const options = names.filter(n => n.startsWith('-'));
  const actionValue = kw('action');
  const action = actionValue === undefined ? 'store' : actionValue.kind === 'str' ? actionValue.value : 'other';
  if (action === 'help' || action === 'version') return;
  const destValue = kw('dest');
  const long = options.find(o => o.startsWith('--'));
  const dest = destValue?.kind === 'str' ? destValue.value : options.length ? (long ?? options[0]).replace(/^-+/, '').replace(/-/g, '_') : names[0];
  const typeValue = kw('type');
  const type =
    typeValue === undefined
      ? null
      : typeValue.kind === 'builtin' && (typeValue.name === 'int' || typeValue.name === 'float' || typeValue.name === 'str')
        ? typeValue.name
        : 'other';
  const given = kw('default');
  const required = kw('required');
  const nargs = kw('nargs');
  const optionalPositional = nargs?.kind === 'str' && (nargs.value === '?' || nargs.value === '*');
  let value: Value;
  if (action === 'other') value = unknown(trans.__('the command-line argument `%1`, whose action the reader does not follow', names[0]));
  else if (!options.length && !optionalPositional)
    value = unknown(trans.__('the positional command-line argument `%1`, which has no default', names[0]));
  else if (required?.kind === 'bool' && required.value)
    value = unknown(trans.__('the required command-line argument `%1`, which has no default', names[0]));
  else if (required !== undefined && required.kind !== 'bool') value = unknown(trans.__('the command-line argument `%1`', names[0]));
  else if (given !== undefined) value = converted(given, type, names[0]);
  else if (action === 'store_true') value = { kind: 'bool', value: false };
  else if (action === 'store_false') value = { kind: 'bool', value: true };
  else if (nargs?.kind === 'str' && nargs.value === '*' && !options.length) value = { kind: 'list', items: [] };
  else value = NONE;
  parser.arguments.push({ options, dest, value, action, type, constant: kw('const') ?? NONE });
}

/** argparse applies `type` to a string default (`default="64", type=int` is 64); other defaults are kept as they are. */
function converted(v: Value, type: IArgument['type'], name: string): Value {
  if (v.kind !== 'str' || type === null || type === 'str') return v;
  if (type === 'other') return unknown(trans.__('the default of `%1`, converted by a type the reader does not follow', name));
  const text = v.value.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (type === 'int') return /^[+-]?\d+$/.test(text) ? int(BigInt(text)) : unknown(trans.__("argparse: invalid int value: '%1'", v.value));
  const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  return Number.isNaN(number) ? unknown(trans.__("argparse: invalid float value: '%1'", v.value)) : { kind: 'float', value: number };
}

/** The namespace of `parse_args(argv)`: the defaults, then what a literal argv sets. */
function parse(parser: IParser, argv: Value, parsedWithDefaults: () => void): Value {
  if (parser.unknownWhy) return unknown(parser.unknownWhy);
  const values = new Map<string, Value>();
  for (const a of parser.arguments) values.set(a.dest, parser.defaults.get(a.dest) ?? a.value);
  for (const [k, v] of parser.defaults) if (!values.has(k)) values.set(k, v);
  if (argv.kind === 'none') parsedWithDefaults();
  else {
    const tokens = argv.kind === 'list' || argv.kind === 'tuple' ? argv.items.map(t => (t.kind === 'str' ? t.value : null)) : null;
    if (!tokens || tokens.some(t => t === null)) return unknown(trans.__('command-line arguments not known statically'));
    const why = readTokens(parser, tokens as string[], values);
    if (why) return unknown(why);
  }
  return { kind: 'instance', cls: NAMESPACE_CLASS, attrs: values };
}

/** Options of a literal argv into `values`; a reason when the reader cannot follow them. */
function readTokens(parser: IParser, tokens: string[], values: Map<string, Value>): string | null {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const option = eq > 0 ? token.slice(0, eq) : token;
    const argument = parser.arguments.find(a => a.options.includes(option));
    if (!argument) return trans.__('the command-line argument `%1`, which the reader does not follow', token);
    switch (argument.action) {
      case 'store_true':
      case 'store_false':
        values.set(argument.dest, { kind: 'bool', value: argument.action === 'store_true' });
        continue;
      case 'store_const':
        values.set(argument.dest, argument.constant);
        continue;
      case 'store': {
        const text = eq > 0 ? token.slice(eq + 1) : tokens[++i];
        if (text === undefined) return trans.__('argparse: `%1` expects one argument', option);
        values.set(argument.dest, converted(str(text), argument.type ?? 'str', option));
        continue;
      }
      default:
        return trans.__('the command-line argument `%1`, whose action the reader does not follow', token);
    }
  }
  return null;
}
