// Runs the browser analyzer under Node for tests/analyzer.rs.
// Usage: node analyzer_vectors.mjs FILE
// FILE is a JSON array of strings, or of {"input": ...} objects (the vectors
// file). Prints one JSON array: the tokens of each input, in order.
import { readFileSync } from 'node:fs';
import { analyze } from '../../themes/default/static/analyzer.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node analyzer_vectors.mjs FILE');
  process.exit(2);
}
const items = JSON.parse(readFileSync(file, 'utf8'));
const results = items.map((item) => analyze(typeof item === 'string' ? item : item.input));
process.stdout.write(JSON.stringify(results));
