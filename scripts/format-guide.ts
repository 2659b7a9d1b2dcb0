import { ERROR_CODES } from '../server/error-codes.js';
import { renderGuide } from '../connector/cards/render-guide.js';

/**
 * The guide as it is kept in docs/: rendered, then formatted by the repository's Prettier settings
 * so `prettier --check` and the drift test agree. Prettier is a dev dependency: scripts and tests
 * only, never the service.
 */
export async function formatGuide(filepath: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(renderGuide({ errorCodes: ERROR_CODES }), { ...options, filepath });
}
