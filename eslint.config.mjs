import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scim-harness-report/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // The report page's script: it runs in the page on data from the target, and is inlined by
    // serialising one function, so it builds nodes from text only and imports nothing at run time.
    files: ['reporters/html/page/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build nodes with textContent: the data comes from the target.' },
        { property: 'outerHTML', message: 'Build nodes with textContent: the data comes from the target.' },
        { property: 'insertAdjacentHTML', message: 'Build nodes with textContent: the data comes from the target.' },
        { object: 'document', property: 'write', message: 'Build nodes with textContent: the data comes from the target.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[importKind!='type']", message: 'The page script is serialised with toString(): import types only.' },
        { selector: 'CallExpression[callee.name="eval"], NewExpression[callee.name="Function"]', message: 'No code from strings in the page.' },
      ],
    },
  },
);
