// The one ESLint flat config every package extends.
import { fileURLToPath } from 'node:url';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.mjs', '**/*.cjs', '**/build/**', '**/out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Type-aware rules (issue #16) on the published packages' sources: each file is checked against its
    // package's tsconfig.json (found by typescript-eslint's project service), so these rules see the types `tsc`
    // sees. Building that program costs about as much as a typecheck per package (DEVELOPERS.md has the figures),
    // so apps, tooling and tests stay syntax-only linted. `basePath` makes the glob relative to the repository
    // root, whichever package's config imports this file.
    basePath: repoRoot,
    files: ['packages/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: repoRoot } },
    rules: {
      // A promise nobody awaits loses its rejection: await it, or `void` it with a one-line reason.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      // Numbers and booleans print fine in messages (shapes, counts, flags); objects, `any`, null and undefined
      // do not (format them, or say what is missing).
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowAny: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
      // A union gaining a member (an op, a dtype, a backend) makes every switch over it that has no `default` a
      // lint error. A `default` opts out on purpose: a partial function over a big union (int32 references for
      // five of forty unary ops) keeps one; a switch meant to cover every member leaves it out.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // No value-import cycles inside a package: a cycle works only while every module's top level avoids the
    // others' bindings (hoisted functions), and breaks on the first `const` or class read at load time.
    // Type-only imports (`import type`) are erased and do not count, nor does a dynamic `import()` inside a
    // function (it runs after every module loaded: how Model.save reaches the saving code lazily). Other @lab
    // packages are not followed: their layering is one-way by construction (package.json dependencies).
    files: ['**/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.mjs'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/ignore': ['node_modules', '^@lab/'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true }],
    },
  },
);
