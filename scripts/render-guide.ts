import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatGuide } from './format-guide.js';

// Writes docs/okta-workflows.md from the card catalogue (wire as `npm run docs`).
const target = fileURLToPath(new URL('../docs/okta-workflows.md', import.meta.url));
await writeFile(target, await formatGuide(target));
process.stdout.write(`wrote ${target}\n`);
