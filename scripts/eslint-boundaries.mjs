// Two lint rules that keep the rooms apart (docs/architecture.md, "Who may import whom"):
// `imports` resolves each relative import to a path from the repository root and checks it
// against the importing folder's allow/deny lists; `no-sql` reports SQL text outside the store.
// Local rather than a plugin because both need nothing but paths and string literals.
import path from 'node:path';
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules);

/** 'electron/core/index.ts' and 'electron/core' name the same module; a trailing '/' names a folder. */
function normal(p) {
  if (p.endsWith('/')) return p;
  return p.replace(/\.(ts|tsx|js|mjs|cjs|d\.ts)$/, '').replace(/\/index$/, '');
}

function within(target, entries) {
  return entries.some((e) => (e.endsWith('/') ? target.startsWith(e) || `${target}/` === e : target === normal(e)));
}

function isBuiltin(spec) {
  return spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]) || BUILTINS.has(spec);
}

const imports = {
  meta: {
    type: 'problem',
    docs: { description: 'An import may only reach the folders its room allows' },
    schema: [
      {
        type: 'object',
        properties: {
          room: { type: 'string' },
          allow: { type: 'array', items: { type: 'string' } },
          deny: { type: 'array', items: { type: 'string' } },
          except: { type: 'array', items: { type: 'string' } },
          builtins: { type: 'boolean' },
        },
        required: ['room'],
        additionalProperties: false,
      },
    ],
    messages: {
      outside: '{{room}} may not import {{target}} ("{{spec}}"): it imports only {{allowed}}.',
      denied: '{{room}} may not import {{target}} ("{{spec}}"): {{reason}}.',
      builtin: '{{room}} may not import the Node built-in "{{spec}}": it runs outside Node too.',
    },
  },
  create(context) {
    const { room, allow, deny = [], except = [], builtins = true } = context.options[0];
    const from = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    if (from.startsWith('..')) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        if (!builtins && isBuiltin(spec)) context.report({ node, messageId: 'builtin', data: { room, spec } });
        return;
      }
      const target = normal(path.posix.join(path.posix.dirname(from), spec));
      if (allow && !within(target, allow)) {
        context.report({ node, messageId: 'outside', data: { room, target, spec, allowed: allow.join(', ') } });
      } else if (within(target, deny) && !within(target, except)) {
        const reason = except.length ? `only ${except.join(', ')} of ${deny.join(', ')} are open to it` : `${deny.join(', ')} is closed to it`;
        context.report({ node, messageId: 'denied', data: { room, target, spec, reason } });
      }
    };
    const source = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => check(node.source, node.source.value),
      TSExternalModuleReference: (node) => node.expression.type === 'Literal' && check(node.expression, node.expression.value),
      'CallExpression[callee.name="require"]': (node) => {
        const arg = node.arguments[0];
        if (arg?.type === 'Literal') check(arg, arg.value);
      },
    };
  },
};

// A statement keyword in capitals and a space ('SELECT ' + cols is SQL too, the tag name 'SELECT' is not), or, in
// lower case, a keyword with the word that makes it a statement ('insert into t'); lower-case
// select/delete are left out, they read as English ('Select a file from…').
const SQL = [
  /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|REPLACE|VACUUM|ANALYZE|ATTACH)\s/,
  /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/,
  /^\s*(insert|replace)\s+(or\s+\w+\s+)?into\b/i,
  /^\s*update\s+\S+\s+set\b/i,
  /^\s*(create|drop)\s+(temp\s+|temporary\s+|unique\s+|virtual\s+)?(table|index|view|trigger)\b/i,
  /^\s*alter\s+table\b/i,
  /^\s*pragma\s+\w/i,
  /^\s*with\s+(recursive\s+)?\w+(\s*\([^)]*\))?\s+as\s*\(/i,
];
const isSql = (text) => SQL.some((re) => re.test(text));

const noSql = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL text lives only in electron/core/store/' },
    schema: [],
    messages: {
      sql: 'SQL outside electron/core/store/: move this query into a store module and call it from here.',
      pragma: 'A pragma outside electron/core/store/: the store opens and configures connections.',
    },
  },
  create(context) {
    return {
      Literal: (node) => typeof node.value === 'string' && isSql(node.value) && context.report({ node, messageId: 'sql' }),
      TemplateLiteral: (node) => {
        const text = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('x');
        if (isSql(text)) context.report({ node, messageId: 'sql' });
      },
      'CallExpression[callee.property.name="pragma"]': (node) => context.report({ node, messageId: 'pragma' }),
    };
  },
};

export default { meta: { name: 'slicewise-boundaries' }, rules: { imports, 'no-sql': noSql } };
