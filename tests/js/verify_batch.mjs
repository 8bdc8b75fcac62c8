// Runs the browser verifier (themes/default/static/verify.js) over many
// inputs for tests/contact.rs, which compares every answer with Rust's.
// Usage: node verify_batch.mjs FILE
//   FILE  JSON {"registry": <contacts.json>, "inputs": ["…", …]}
// Prints one JSON array of verdicts, one per input, in order.
import { readFileSync } from 'node:fs';
import { verdict } from '../../themes/default/static/verify.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node verify_batch.mjs FILE');
  process.exit(2);
}
const { registry, inputs } = JSON.parse(readFileSync(file, 'utf8'));
process.stdout.write(JSON.stringify(inputs.map((input) => verdict(input, registry))));
