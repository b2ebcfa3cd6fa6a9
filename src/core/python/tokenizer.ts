/**
 * Keras's text `Tokenizer` and `pad_sequences` on texts the source writes (`docs = ['Well done!', …]`), so that
 * `vocab_size = len(t.word_index) + 1` and `padded.shape[1]` are the sizes the script computes. The rules are
 * `keras.preprocessing.text` (Keras 2; `keras_preprocessing` before it): lower-case, the filter characters made
 * separators, split, word counts in first-seen order sorted by count, indices from 1 (the OOV token first). Texts
 * the reader does not know (read from a file) leave what depends on them unknown, with why. Nothing here knows of
 * models.
 */
import { NONE, int, str, unknown, type IPyClass, type Value } from './values';
import type { IPyArgs } from './builtins';
import type { Dim } from '../types';
import { trans } from '../i18n/current';

type Instance = Value & { kind: 'instance' };

const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

interface ITokenizer {
  numWords: bigint | null;
  filters: string;
  lower: boolean;
  split: string;
  charLevel: boolean;
  oovToken: string | null;
  /** Word counts in first-seen order (Keras's OrderedDict). */
  counts: Map<string, number>;
  /** Why the vocabulary is not known (texts the reader does not know, an argument it does not follow); null when it is. */
  unknownWhy: string | null;
}

const METHODS = ['fit_on_texts', 'texts_to_sequences', 'texts_to_matrix', 'sequences_to_texts', 'fit_on_sequences'];

const TOKENIZER_CLASS: IPyClass = {
  name: 'Tokenizer',
  bases: [],
  attrs: new Map(METHODS.map(name => [name, { kind: 'builtin', name: `method:${name}` }]))
};

const tokenizers = new WeakMap<Instance, ITokenizer>();

/** `Tokenizer(num_words=None, filters=…, lower=True, split=' ', char_level=False, oov_token=None)`. */
export function newTokenizer(a: Value[], args: IPyArgs): Value {
  const order = ['num_words', 'filters', 'lower', 'split', 'char_level', 'oov_token'];
  const arg = (k: string): Value | undefined => args.keywords.get(k)?.value ?? a[order.indexOf(k)];
  const state: ITokenizer = {
    numWords: null,
    filters: DEFAULT_FILTERS,
    lower: true,
    split: ' ',
    charLevel: false,
    oovToken: null,
    counts: new Map(),
    unknownWhy: null
  };
  const notFollowed = (k: string) => (state.unknownWhy ??= trans.__('Tokenizer(%1=…) is not known statically', k));
  const numWords = arg('num_words');
  if (numWords?.kind === 'int') state.numWords = numWords.value;
  else if (numWords && numWords.kind !== 'none') notFollowed('num_words');
  const filters = arg('filters');
  if (filters?.kind === 'str') state.filters = filters.value;
  else if (filters && filters.kind !== 'none') notFollowed('filters');
  for (const [k, set] of [
    ['lower', (b: boolean) => (state.lower = b)],
    ['char_level', (b: boolean) => (state.charLevel = b)]
  ] as const) {
    const v = arg(k);
    if (v?.kind === 'bool') set(v.value);
    else if (v) notFollowed(k);
  }
  const split = arg('split');
  if (split?.kind === 'str') state.split = split.value;
  else if (split) notFollowed('split');
  const oov = arg('oov_token');
  if (oov?.kind === 'str') state.oovToken = oov.value;
  else if (oov && oov.kind !== 'none') notFollowed('oov_token');
  const t: Instance = { kind: 'instance', cls: TOKENIZER_CLASS, attrs: new Map() };
  tokenizers.set(t, state);
  setVocabulary(t, state);
  return t;
}

export function isTokenizer(v: Value | undefined): v is Instance {
  return v?.kind === 'instance' && tokenizers.has(v);
}

/** keras.preprocessing.text.text_to_word_sequence. */
function words(state: ITokenizer, text: string): string[] {
  if (state.charLevel) return [...(state.lower ? text.toLowerCase() : text)];
  let s = state.lower ? text.toLowerCase() : text;
  for (const c of state.filters) s = s.split(c).join(state.split);
  return s.split(state.split).filter(w => w.length > 0);
}

/** The texts of a list the source writes, or null. */
function texts(v: Value | undefined): string[] | null {
  if (!v || (v.kind !== 'list' && v.kind !== 'tuple')) return null;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.kind !== 'str') return null;
    out.push(item.value);
  }
  return out;
}

/** The word → index order Keras gives: the OOV token first, then words by count, ties in first-seen order. */
function vocabulary(state: ITokenizer): string[] {
  const byCount = [...state.counts].sort((x, y) => y[1] - x[1]).map(([w]) => w);
  return state.oovToken === null ? byCount : [state.oovToken, ...byCount];
}

/** `word_index`, `index_word`, `word_counts`, `document_count`: attributes a script reads. */
function setVocabulary(t: Instance, state: ITokenizer): void {
  if (state.unknownWhy) {
    for (const a of ['word_index', 'index_word', 'word_counts', 'word_docs', 'document_count']) t.attrs.set(a, unknown(state.unknownWhy));
    return;
  }
  const voc = vocabulary(state);
  t.attrs.set('word_index', { kind: 'dict', entries: voc.map((w, i) => [str(w), int(BigInt(i + 1))]) });
  t.attrs.set('index_word', { kind: 'dict', entries: voc.map((w, i) => [int(BigInt(i + 1)), str(w)]) });
  t.attrs.set('word_counts', { kind: 'dict', entries: [...state.counts].map(([w, n]) => [str(w), int(BigInt(n))]) });
  t.attrs.set('num_words', state.numWords === null ? NONE : int(state.numWords));
}

/** A method of a tokenizer. */
export function tokenizerMethod(owner: Instance, name: string, a: Value[], args: IPyArgs): Value {
  const state = tokenizers.get(owner)!;
  const given = a[0] ?? args.keywords.get('texts')?.value;
  switch (name) {
    case 'fit_on_texts': {
      const list = texts(given);
      if (!list) state.unknownWhy ??= trans.__('the texts a Tokenizer is fitted on are not known statically');
      else for (const text of list) for (const w of words(state, text)) state.counts.set(w, (state.counts.get(w) ?? 0) + 1);
      setVocabulary(owner, state);
      return NONE;
    }
    case 'texts_to_sequences': {
      const list = texts(given);
      if (!list || state.unknownWhy) return unknown(state.unknownWhy ?? trans.__('the texts given to texts_to_sequences() are not known statically'));
      const index = new Map(vocabulary(state).map((w, i) => [w, BigInt(i + 1)]));
      const oov = state.oovToken === null ? undefined : index.get(state.oovToken);
      const sequence = (text: string): Value => {
        const ids: Value[] = [];
        for (const w of words(state, text)) {
          const i = index.get(w);
          if (i !== undefined && !(state.numWords !== null && i >= state.numWords)) ids.push(int(i));
          else if (oov !== undefined) ids.push(int(oov));
        }
        return { kind: 'list', items: ids };
      };
      return { kind: 'list', items: list.map(sequence) };
    }
    default:
      return unknown(trans.__('Tokenizer.%1() is not followed statically', name));
  }
}

/**
 * `pad_sequences(sequences, maxlen=None, …)`: an int array of one row per sequence, `maxlen` long (the longest
 * sequence's length without it). Sequences the reader does not know still give the length `maxlen` says.
 */
export function padSequences(a: Value[], args: IPyArgs): Value {
  const sequences = a[0] ?? args.keywords.get('sequences')?.value;
  const maxlen = args.keywords.get('maxlen')?.value ?? a[1];
  const length: Dim | undefined = maxlen?.kind === 'int' ? maxlen.value : maxlen && maxlen.kind !== 'none' ? null : undefined;
  const rows = sequences && (sequences.kind === 'list' || sequences.kind === 'tuple') ? sequences.items : null;
  if (!rows) return { kind: 'array', shape: length === undefined ? null : [null, length], dtype: 'int32' };
  let longest = 0n;
  for (const r of rows) {
    const n = r.kind === 'list' || r.kind === 'tuple' ? BigInt(r.items.length) : r.kind === 'array' && r.shape?.length === 1 ? r.shape[0] : null;
    if (n === null) {
      longest = -1n;
      break;
    }
    if (n > longest) longest = n;
  }
  const width: Dim = length !== undefined ? length : longest >= 0n ? longest : null;
  return { kind: 'array', shape: [BigInt(rows.length), width], dtype: 'int32' };
}
