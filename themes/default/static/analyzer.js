// helpbook search analyzer, JavaScript half. It must give exactly the tokens
// of src/search/analyzer.rs (see the specification there); both are tested
// against tests/analyzer_vectors.json and against each other.
//
// NFKC, then lowercase one code point at a time (no Final_Sigma rule, like
// the Rust side), then runs: marks extend the previous character, bigram
// characters (Script_Extensions Han/Hiragana/Katakana/Bopomofo) give
// overlapping pairs, other letters/numbers give one token per run (dropped if
// over 40 code points, then English minimal plural stemming).

const MAX_TOKEN_CHARS = 40;
const MARK = /\p{M}/u;
const WORD = /[\p{Alphabetic}\p{N}]/u;
const BIGRAM = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Bopo}]/u;

// Lucene's EnglishMinimalStemmer, on code points.
function stem(w) {
  const c = [...w];
  const n = c.length;
  if (n < 3 || c[n - 1] !== 's') return w;
  const p = c[n - 2];
  const q = c[n - 3];
  if (p === 'u' || p === 's') return w;
  if (p === 'e') {
    if (n > 3 && q === 'i' && c[n - 4] !== 'a' && c[n - 4] !== 'e') return w.slice(0, -3) + 'y';
    if (q === 'i' || q === 'a' || q === 'o' || q === 'e') return w;
  }
  return w.slice(0, -1);
}

const short = (t) => [...t].length <= MAX_TOKEN_CHARS;

export function analyze(text) {
  const out = [];
  let kind = 0; // 0: no run, 1: bigram run, 2: word run
  let chars = []; // bigram run: characters, each with its marks
  let word = ''; // word run
  const end = () => {
    if (kind === 1) {
      if (chars.length === 1) {
        if (short(chars[0])) out.push(chars[0]);
      } else {
        for (let i = 1; i < chars.length; i++) {
          const t = chars[i - 1] + chars[i];
          if (short(t)) out.push(t);
        }
      }
    } else if (kind === 2 && short(word)) {
      out.push(stem(word));
    }
    kind = 0;
    chars = [];
    word = '';
  };
  for (const ch of String(text).normalize('NFKC')) {
    for (const c of ch.toLowerCase()) {
      if (MARK.test(c)) {
        if (kind === 1) chars[chars.length - 1] += c;
        else if (kind === 2) word += c;
        continue;
      }
      const k = WORD.test(c) ? (BIGRAM.test(c) ? 1 : 2) : 0;
      if (k !== kind) end();
      kind = k;
      if (k === 1) chars.push(c);
      else if (k === 2) word += c;
    }
  }
  end();
  return out;
}

/**
 * Every Han, kana or Bopomofo character of `text` (with its marks),
 * normalized as analyze() normalizes: the tokens of the `chars` field.
 */
export function characters(text) {
  const out = [];
  let inBigram = false;
  for (const ch of String(text).normalize('NFKC')) {
    for (const c of ch.toLowerCase()) {
      if (MARK.test(c)) {
        if (inBigram) out[out.length - 1] += c;
        continue;
      }
      inBigram = WORD.test(c) && BIGRAM.test(c);
      if (inBigram) out.push(c);
    }
  }
  return out;
}

// Pair terms and character terms start with these marks (no token has
// them), so that each kind of term sits in shards of its own.
const PAIR_MARK = '!';
const CHAR_MARK = '#';

/** Adjacent pairs of word tokens (not Han/kana), each `!first second`: pair terms. */
export function pairTerms(tokens) {
  const out = [];
  for (let i = 1; i < tokens.length; i++) {
    if (!isBigramToken(tokens[i - 1]) && !isBigramToken(tokens[i])) out.push(`${PAIR_MARK}${tokens[i - 1]} ${tokens[i]}`);
  }
  return out;
}

/** The `chars` field's term for one character: `#卡`. */
export const characterTerm = (character) => CHAR_MARK + character;

/** True if `token` came from a run of Han, kana or Bopomofo characters. */
export function isBigramToken(token) {
  const first = [...String(token)][0];
  return first !== undefined && !MARK.test(first) && WORD.test(first) && BIGRAM.test(first);
}

/** True if `token` is a word of letters only (no digits, no Han or kana). */
export function isLetterWord(token) {
  if (!token) return false;
  for (const c of token) {
    if (MARK.test(c) || BIGRAM.test(c) || !/\p{Alphabetic}/u.test(c)) return false;
  }
  return true;
}
