#!/usr/bin/env node
// The benchmark's stand-in for `ts-node <entry.ts>` when ts-node is not installed (it is not a
// dependency of this package). It does the TypeScript half of what ts-node 10.9 does by default,
// with the same TypeScript: the tsconfig.json of the entry's folder with ts-node's overrides, a
// LanguageService whose root files grow as modules are required (file lookups and module
// resolution cached, as ts-node does), each required .ts file emitted and type-checked (semantic
// and syntactic diagnostics, minus the three codes ts-node ignores), with an inline source map.
// It leaves out what would make it slower than ts-node: it does not load the npm CLI (`npx`), and
// it does not rewrite stack traces through source maps (ts-node installs source-map-support, and
// cdktf formats a stack trace for every token it creates). So the ratio it gives errs low.
'use strict';
const path = require('path');
const ts = require('typescript');

const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: node --enable-source-maps scripts/bench-ts-node.js <entry.ts> [args...]\n');
  process.exit(2);
}
const cwd = process.cwd();
const entryFile = path.resolve(cwd, entry);

// tsconfig.json, as ts-node finds and adjusts it (ts-node/src/configuration.ts fixConfig).
const configFile = ts.findConfigFile(path.dirname(entryFile), ts.sys.fileExists);
const read = configFile ? ts.readConfigFile(configFile, ts.sys.readFile) : { config: {} };
if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, configFile ? path.dirname(configFile) : cwd, undefined, configFile);
const options = { ...parsed.options };
for (const k of ['out', 'outFile', 'composite', 'declarationDir', 'declarationMap', 'emitDeclarationOnly', 'tsBuildInfoFile', 'incremental']) delete options[k];
Object.assign(options, { sourceMap: true, inlineSourceMap: false, inlineSources: true, declaration: false, noEmit: false, outDir: '.ts-node' });

const IGNORED = new Set([6059, 18002, 18003]);
const rootFiles = [];
const versions = new Map();
let projectVersion = 0;
// ts-node caches every file-system lookup and shares one module resolution cache across programs.
const cached = (fn) => {
  const cache = new Map();
  return (arg) => {
    if (!cache.has(arg)) cache.set(arg, fn(arg));
    return cache.get(arg);
  };
};
const readFile = cached((f) => ts.sys.readFile(f));
const fileExists = cached((f) => ts.sys.fileExists(f));
const directoryExists = cached((d) => ts.sys.directoryExists(d));
const getDirectories = cached((d) => ts.sys.getDirectories(d));
const realpath = cached((f) => (ts.sys.realpath ? ts.sys.realpath(f) : f));
const moduleHost = { fileExists, readFile, directoryExists, getDirectories, realpath };
const resolutionCache = ts.createModuleResolutionCache(cwd, (f) => f, options);
const host = {
  getProjectVersion: () => String(projectVersion),
  getScriptFileNames: () => rootFiles,
  getScriptVersion: (f) => String(versions.get(f) ?? 0),
  getScriptSnapshot: (f) => {
    const text = readFile(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCompilationSettings: () => options,
  getCurrentDirectory: () => cwd,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists,
  readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists,
  getDirectories,
  realpath,
  useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
  resolveModuleNames: (names, containingFile, _reused, redirected) =>
    names.map((name) => ts.resolveModuleName(name, containingFile, options, moduleHost, resolutionCache, redirected).resolvedModule),
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());

function compile(fileName) {
  if (!rootFiles.includes(fileName)) {
    rootFiles.push(fileName);
    versions.set(fileName, 1);
    projectVersion++;
  }
  const output = service.getEmitOutput(fileName);
  const diagnostics = [...service.getSemanticDiagnostics(fileName), ...service.getSyntacticDiagnostics(fileName)].filter((d) => !IGNORED.has(d.code));
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => cwd, getNewLine: () => '\n' });
    throw new Error(`⨯ Unable to compile TypeScript:\n${text}`);
  }
  if (output.emitSkipped) throw new Error(`${fileName}: emit skipped`);
  const js = output.outputFiles.find((f) => f.name.endsWith('.js'));
  const map = output.outputFiles.find((f) => f.name.endsWith('.js.map'));
  const body = js.text.replace(/\/\/# sourceMappingURL=.*$/m, '');
  const sourceMap = JSON.parse(map.text);
  sourceMap.file = fileName;
  sourceMap.sources = [fileName];
  delete sourceMap.sourceRoot;
  return `${body}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(sourceMap)).toString('base64')}\n`;
}

require.extensions['.ts'] = (module, filename) => module._compile(compile(filename), filename);

process.argv = [process.argv[0], entryFile, ...rest];
require('module').runMain();
