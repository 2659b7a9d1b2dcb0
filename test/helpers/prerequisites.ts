import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Programs some tests need from outside npm (Chromium, redis-server, PostgreSQL). On a fresh
 * machine they may be missing: those tests then skip with one line saying how to install the
 * program, so `npm ci && npm test` stays true. `.ci/run` installs them and sets
 * REQUIRE_TEST_PROGRAMS=1, which turns a missing program into a failure instead of a skip.
 */
export interface Prerequisite {
  /** What the tests call it in the skip line. */
  readonly name: string;
  /** The absolute path to use, or undefined when the machine lacks it. */
  locate(): string | undefined;
  /** How a developer installs it. */
  readonly install: string;
}

const strict = (): boolean => process.env.REQUIRE_TEST_PROGRAMS === '1';
const announced = new Set<string>();

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH, then in `extraDirs`. */
export function findProgram(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const path = join(dir, name);
    if (executable(path)) return path;
  }
  return undefined;
}

/** Debian installs PostgreSQL's server programs under /usr/lib/postgresql/<major>/bin, off PATH. */
export function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

/**
 * Chromium: CHROMIUM_PATH when set (and then only that path), otherwise Debian's /usr/bin/chromium.
 */
export const chromiumProgram: Prerequisite = {
  name: 'Chromium',
  locate() {
    const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    return executable(path) ? path : undefined;
  },
  install:
    'install it to run them: sudo apt-get install chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary',
};

export const redisProgram: Prerequisite = {
  name: 'redis-server',
  locate: () => findProgram('redis-server'),
  install: 'install it to run them: sudo apt-get install redis-server (Debian/Ubuntu)',
};

export const postgresProgram: Prerequisite = {
  name: 'PostgreSQL (initdb, postgres)',
  locate() {
    const initdb = findProgram('initdb', postgresBinDirs());
    return initdb && executable(join(initdb, '..', 'postgres')) ? initdb : undefined;
  },
  install: 'install it to run them: sudo apt-get install postgresql (Debian/Ubuntu)',
};

/**
 * For a suite's `before`: the program's path, or — when it is missing — a skip of the suite
 * with one line on how to install it (printed once per program), or a failure under
 * REQUIRE_TEST_PROGRAMS=1.
 */
export function requireProgram(ctx: Mocha.Context, what: Prerequisite): string {
  const path = what.locate();
  if (path) return path;
  const line = `${what.name} not found: its tests are skipped; ${what.install}.`;
  if (strict())
    throw new Error(
      `${what.name} not found, and REQUIRE_TEST_PROGRAMS=1 makes that a failure; ${what.install}.`,
    );
  if (!announced.has(what.name)) {
    announced.add(what.name);
    process.stdout.write(`\n  ${line}\n`);
  }
  ctx.skip();
}
