import { describeCharacter, unsupportedFilterCharacter } from '../../../harness/engine/filter-value-characters';

describe('unsupportedFilterCharacter (docs/entra-behaviour.md#filter-value-characters)', () => {
  it.each([
    ['double quote', 'ada"lovelace@contoso.com', '"'],
    ['backslash', 'contoso\\ada', '\\'],
    ['NUL', 'ada\u0000@contoso.com', '\u0000'],
    ['tab', 'ada\t@contoso.com', '\t'],
    ['line feed', 'ada\n@contoso.com', '\n'],
    ['unit separator', 'ada\u001f', '\u001f'],
    ['DEL', 'ada\u007f', '\u007f'],
  ])('rejects a value with a %s', (_name, value, expected) => {
    expect(unsupportedFilterCharacter(value)).toBe(expected);
  });

  it('reports the first unsupported character', () => {
    expect(unsupportedFilterCharacter('a\\b"c')).toBe('\\');
  });

  it.each(['dale.mohr@romaguera.uk', 'first_last-2@contoso.com', 'ada+test@contoso.com', "o'brien@contoso.com", '3e59e27b-1f0c-4c6e-9c1a-0d8f5b1c2d3e', 'Zoë Ünal', 'Sales Team (EMEA) #1'])(
    'accepts %s',
    (value) => {
      expect(unsupportedFilterCharacter(value)).toBeUndefined();
    },
  );

  it('shows printable characters quoted and control characters as code points', () => {
    expect(describeCharacter('"')).toBe('\'"\'');
    expect(describeCharacter('\n')).toBe('U+000A');
    expect(describeCharacter('\u007f')).toBe('U+007F');
  });
});
