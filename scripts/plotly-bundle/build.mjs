// Builds the site's plotly.js bundle. Run by scripts/build-plotly-bundle.sh inside a
// temporary folder where `npm ci` has installed package-lock.json; not meant to be run
// by hand. Arguments: the entry (index.js), the bundle to write, the JSON to write.
//
// The esbuild settings follow plotly.js's own (esbuild-config.js in the npm package and
// tasks/util/bundle_wrapper.mjs upstream), so the bundle behaves like the dist one:
// - an IIFE that sets the global `Plotly`, ES2016, minified;
// - `global` is `window` and `define.amd` is false (no AMD loader is ever picked up);
// - node's `events` (plotly.js's only node built-in on this path: image export and its
//   event emitter) is the browser package `events`, pinned in package.json;
// - the attribute metadata plotly.js only needs for its schema docs (`description`,
//   `requiredOpts`, `otherOpts`, `role`, `hrName`) is stripped from plotly.js's sources,
//   as upstream strips it from every dist bundle.
// One difference: registry.js imports maplibre's stylesheet for map traces, which
// upstream inlines as JS that injects a <style> (the CSP refuses it). No map trace is in
// this bundle, so the import is made empty: no CSS, no injection code, no guard ids.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { build, version as esbuildVersion } from 'esbuild';

const [entry, outfile, infofile] = process.argv.slice(2);
if (!entry || !outfile || !infofile) {
    throw new Error('usage: node build.mjs <index.js> <bundle.min.js> <bundle.json>');
}
const require = createRequire(path.resolve(entry));
const plotlyPackage = require('plotly.js/package.json');
const plotlyVersion = plotlyPackage.version;
const licence = readFileSync(require.resolve('plotly.js/LICENSE'), 'utf8');
const copyright = licence.split('\n').find((line) => line.startsWith('Copyright'));

// The trace types: those the entry registers, and scatter, which the core always holds.
const source = readFileSync(entry, 'utf8');
const registered = [...source.matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g)]
    .map((m) => m[1]).filter((name) => name !== 'core');
const traces = [...new Set(['scatter', ...registered])].sort();

const meta = ['description', 'requiredOpts', 'otherOpts', 'role', 'hrName'];
const stripped = [
    ...meta.map((key) => new RegExp(`\\s*${key}: '.*',?`, 'g')),
    ...meta.map((key) => new RegExp(`\\s*${key}: \\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\),?`, 'g')),
    ...meta.map((key) => new RegExp(`\\s*${key}: \\[[\\s\\S]*?\\],?`, 'g'))
];
const stripMeta = {
    name: 'strip-attribute-meta',
    setup(b) {
        b.onLoad({ filter: /[\\/]node_modules[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => {
            let contents = readFileSync(args.path, 'utf8');
            for (const re of stripped) contents = contents.replace(re, '');
            return { contents, loader: 'js' };
        });
    }
};

const banner = `/*! plotly.js v${plotlyVersion} | custom bundle, trace types: ${traces.join(', ')} |
 * built by scripts/build-plotly-bundle.sh with esbuild ${esbuildVersion} |
 * ${copyright} | MIT License | https://github.com/plotly/plotly.js */`;

const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    platform: 'browser',
    define: { global: 'window', 'define.amd': 'false' },
    loader: { '.css': 'empty' },
    plugins: [stripMeta],
    banner: { js: banner },
    legalComments: 'eof',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning'
});

const data = readFileSync(outfile);
const gzip = execFileSync('gzip', ['-9', '-n', '-c', outfile], { maxBuffer: 64 << 20 });
const css = Object.keys(result.metafile.inputs).filter((p) => p.endsWith('.css'))
    .map((p) => p.replace(/^.*node_modules\//, ''));
const info = {
    'plotly.js': plotlyVersion,
    esbuild: esbuildVersion,
    traces,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.length,
    gzip_bytes: gzip.length,
    emptied_css: css
};
writeFileSync(infofile, JSON.stringify(info, null, 2) + '\n');
console.log(JSON.stringify(info));
