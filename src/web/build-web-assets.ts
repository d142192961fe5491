import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from 'sass';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Part of `npm run build`: compiles nhsuk-frontend's Sass (without its font files) into
 * dist/web/public/commsplan.css, and copies the scripts of src/web/public and the views beside the compiled server.
 * `sass` is a development dependency: this runs at build time only, never in the server.
 */
export function buildWebAssets(): void {
  const publicDir = join(ROOT, 'dist/web/public');
  mkdirSync(publicDir, { recursive: true });
  const css = compile(join(ROOT, 'src/web/styles/commsplan.scss'), {
    loadPaths: [join(ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).css;
  writeFileSync(join(publicDir, 'commsplan.css'), css);
  cpSync(join(ROOT, 'src/web/public'), publicDir, { recursive: true });
  cpSync(join(ROOT, 'src/web/views'), join(ROOT, 'dist/web/views'), { recursive: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) buildWebAssets();
