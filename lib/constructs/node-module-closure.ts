/**
 * Finds, in an installed (npm, hoisted) node_modules tree, the package folders that a set of
 * packages needs at run time, so a Lambda bundle can ship them as they are installed.
 *
 * Why not NodejsFunction's `nodeModules`: it runs `npm ci` inside the asset folder, which needs
 * the registry during synth. Copying the already-installed, lockfile-pinned folders keeps
 * `cdk synth` offline and ships exactly the versions the tests ran against.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Node's lookup: the nearest `node_modules/<name>` from `fromDir` up to the project root. */
function resolvePackageDir(projectRoot: string, fromDir: string, name: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === projectRoot || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/**
 * The package folders (relative to `projectRoot`, e.g. `node_modules/tar-fs`) to copy so that
 * `packages` and all their dependencies resolve from a bundle's own `node_modules`. A folder
 * nested inside another copied folder is not listed separately (it travels with its parent).
 *
 * @throws Error when a required package is not installed (optional ones may be absent).
 */
export function nodeModuleClosure(projectRoot: string, packages: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (fromDir: string, name: string, optional: boolean): void => {
    const dir = resolvePackageDir(projectRoot, fromDir, name);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(`Package "${name}" (needed from ${relative(projectRoot, fromDir) || '.'}) is not installed; run npm ci`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dir, dependency, false);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) visit(dir, dependency, true);
  };
  for (const name of packages) visit(projectRoot, name, false);
  const dirs = [...found].sort();
  return dirs
    .filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(other + sep)))
    .map((dir) => relative(projectRoot, dir).split(sep).join('/'));
}
