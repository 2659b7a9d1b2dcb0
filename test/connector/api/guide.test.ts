import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cards } from '../../../connector/cards/index.js';
import { renderGuide } from '../../../connector/cards/render-guide.js';
import { ERROR_CODES } from '../../../server/error-codes.js';
import { formatGuide } from '../../../scripts/format-guide.js';

describe('docs/okta-workflows.md', () => {
  const file = fileURLToPath(new URL('../../../docs/okta-workflows.md', import.meta.url));

  it('is exactly what the card catalogue renders (run `npx tsx scripts/render-guide.ts` after changing cards)', async () => {
    expect(await readFile(file, 'utf8')).to.equal(await formatGuide(file));
  });

  it('documents every card with its inputs, outputs and a curl example', () => {
    const guide = renderGuide({ errorCodes: ERROR_CODES });
    for (const card of cards) {
      expect(guide).to.include(`#### ${card.name}`).and.include(`**${card.name}**`);
      for (const f of [...card.inputs, ...card.outputs]) expect(guide).to.include(`| \`${f.name}\` |`);
    }
  });
});
