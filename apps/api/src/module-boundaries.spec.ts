import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/*
 * The API's folders as Nest modules: common/ (and logging/) serve every feature and know none; a
 * feature reaches another only through what that feature's module exports.
 */

const SRC = __dirname;
/** Folders that are not features: what every feature may use (testing/: the fakes of unit tests). */
const SHARED = ['common', 'logging', 'testing'];
/** Folders main.ts registers on Fastify itself, outside Nest's modules (console/: the web app's files). */
const SERVED = ['console'];

/**
 * Cross-feature imports that are known and why; each is a file and the names it takes.
 * The metrics interceptor counts imports by the import handler and reads its answer's shape.
 */
const ALLOWED: Record<string, Record<string, string[]>> = {
  'metrics/campaign-metrics.interceptor.ts': { rounds: ['RoundsController', 'ImportResult'] },
  // A signed-in person's principal is the principal view (a schema, which no Nest module can export).
  'accounts/accounts.dto.ts': { principals: ['principalViewSchema'] },
  // A batch's filter is the journey list's, read as the list reads it.
  'batches/batches.dto.ts': { journeys: ['journeySummaryQuerySchema'] },
  'batches/batches.service.ts': { journeys: ['mustActOf'] },
  // A round's report carries the regulator's figures: their schemas (which no Nest module can export).
  'rounds/rounds.dto.ts': { reports: ['regulatorFiguresShape', 'reportFormat'] },
};

const features = readdirSync(SRC)
  .filter((name) => statSync(join(SRC, name)).isDirectory() && ![...SHARED, ...SERVED].includes(name))
  .sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder of apps/api/src a path is in ('' for the root: main.ts, app.module.ts). */
function folderOf(path: string): string {
  const rel = relative(SRC, path);
  return rel.startsWith('..') || !rel.includes(sep) ? '' : rel.split(sep)[0];
}

interface Import {
  specifier: string;
  /** Names taken; null when the whole module is (a namespace, a side effect, a dynamic import). */
  names: string[] | null;
}

/** Every import, re-export, dynamic import and require of a file. */
function importsOf(fileName: string, text: string): Import[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const names =
        clause && !clause.name && bindings && ts.isNamedImports(bindings)
          ? bindings.elements.map((e) => (e.propertyName ?? e.name).text)
          : null;
      found.push({ specifier: node.moduleSpecifier.text, names });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const names =
        clause && ts.isNamedExports(clause)
          ? clause.elements.map((e) => (e.propertyName ?? e.name).text)
          : null;
      found.push({ specifier: node.moduleSpecifier.text, names });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, names: null });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The identifiers listed under `key` in a file's @Module({ ... }). */
function moduleList(text: string, key: 'exports' | 'controllers' | 'imports'): string[] {
  const source = ts.createSourceFile('module.ts', text, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isDecorator(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'Module'
    ) {
      const [options] = node.expression.arguments;
      if (options && ts.isObjectLiteralExpression(options))
        for (const property of options.properties)
          if (
            ts.isPropertyAssignment(property) &&
            ts.isIdentifier(property.name) &&
            property.name.text === key &&
            ts.isArrayLiteralExpression(property.initializer)
          )
            for (const element of property.initializer.elements)
              if (ts.isIdentifier(element)) names.push(element.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

const moduleFile = (feature: string) => join(SRC, feature, `${feature}.module.ts`);

/** What is wrong with one file's imports; empty when it keeps to the boundaries. */
function boundaryViolations(path: string, text: string, exportsOf: (feature: string) => string[]): string[] {
  const from = folderOf(path);
  if (from === '') return [];
  const rel = relative(SRC, path).split(sep).join('/');
  const problems: string[] = [];
  for (const { specifier, names } of importsOf(path, text)) {
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(path), specifier);
    const to = folderOf(target);
    if (to === '' || to === from || SHARED.includes(to)) continue;
    if (SHARED.includes(from)) {
      problems.push(`${rel} imports the feature ${to} ('${specifier}'); ${from}/ knows no feature`);
      continue;
    }
    if (`${target}.ts` === moduleFile(to)) continue;
    const allowed = [...exportsOf(to), ...(ALLOWED[rel]?.[to] ?? [])];
    const outside = names === null ? ['*'] : names.filter((n) => !allowed.includes(n));
    if (outside.length > 0)
      problems.push(
        `${rel} takes ${outside.join(', ')} from '${specifier}', which ${to}.module.ts does not export`,
      );
  }
  return problems;
}

const exportsOf = (feature: string) => moduleList(readFileSync(moduleFile(feature), 'utf8'), 'exports');

describe('the API as feature modules', () => {
  it('finds the features', () => {
    expect(features).toEqual(
      expect.arrayContaining([
        'rounds',
        'journeys',
        'principals',
        'evaluations',
        'certification-bodies',
        'audit',
        'health',
        'metrics',
        'codec',
      ]),
    );
  });

  it('gives every feature its module, with each of its controllers, composed in AppModule', () => {
    const app = readFileSync(join(SRC, 'app.module.ts'), 'utf8');
    const composed = moduleList(app, 'imports');
    for (const feature of features) {
      const text = readFileSync(moduleFile(feature), 'utf8');
      const declared = moduleList(text, 'controllers');
      const controllers = sourceFiles(join(SRC, feature))
        .filter((f) => f.endsWith('.controller.ts'))
        .flatMap((f) =>
          [...readFileSync(f, 'utf8').matchAll(/export class (\w+Controller)\b/g)].map((m) => m[1]),
        );
      expect({ feature, controllers: declared.sort() }).toEqual({ feature, controllers: controllers.sort() });
      const [moduleClass] = [...text.matchAll(/export class (\w+Module)\b/g)].map((m) => m[1]);
      expect({ feature, composed: composed.includes(moduleClass) }).toEqual({ feature, composed: true });
    }
    expect(moduleList(app, 'controllers')).toEqual([]);
  });

  it('keeps common/ free of features, and features to what other modules export', () => {
    const problems = sourceFiles(SRC).flatMap((f) =>
      boundaryViolations(f, readFileSync(f, 'utf8'), exportsOf),
    );
    expect(problems).toEqual([]);
  });

  it('tells an import that crosses a boundary from one that does not', () => {
    const exports = (feature: string) => (feature === 'principals' ? ['PRINCIPAL_LOOKUP'] : []);
    const check = (file: string, text: string) => boundaryViolations(join(SRC, file), text, exports);
    expect(
      check('common/x.ts', "import { PrincipalsService } from '../principals/principals.service';"),
    ).toEqual([
      "common/x.ts imports the feature principals ('../principals/principals.service'); common/ knows no feature",
    ]);
    expect(check('common/x.ts', "export * from '../rounds/csv-rows';")).toHaveLength(1);
    expect(check('common/x.ts', "const m = require('../rounds/csv-rows');")).toHaveLength(1);
    expect(check('common/x.ts', "import { ZodPipe } from './zod-validation';")).toEqual([]);
    expect(
      check('rounds/x.ts', "import { PrincipalsService } from '../principals/principals.service';"),
    ).toEqual([
      "rounds/x.ts takes PrincipalsService from '../principals/principals.service', which principals.module.ts does not export",
    ]);
    expect(check('rounds/x.ts', "import * as p from '../principals/principals.service';")).toHaveLength(1);
    expect(
      check('rounds/x.ts', "import { PRINCIPAL_LOOKUP } from '../principals/principal-lookup';"),
    ).toEqual([]);
    expect(
      check('rounds/x.ts', "import { PrincipalsModule } from '../principals/principals.module';"),
    ).toEqual([]);
    expect(check('rounds/x.ts', "import { actorOf } from '../common/actor';")).toEqual([]);
  });
});
