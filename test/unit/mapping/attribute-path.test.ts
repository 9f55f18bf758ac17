import { isFilteredPath, isReferencePath, parseScimPath } from '../../../harness/mapping/attribute-path';
import { ENTERPRISE } from './fixtures';

describe('parseScimPath', () => {
  it('parses the path forms Entra writes', () => {
    expect(parseScimPath('userName')).toMatchObject({ schemaUrn: null, attribute: 'userName', filter: null, subAttribute: null });
    expect(parseScimPath('name.givenName')).toMatchObject({ attribute: 'name', subAttribute: 'givenName' });
    expect(parseScimPath('emails[type eq "work"].value')).toMatchObject({ attribute: 'emails', filter: { attribute: 'type', value: 'work' }, subAttribute: 'value' });
    expect(parseScimPath(`${ENTERPRISE}:employeeNumber`)).toMatchObject({ schemaUrn: ENTERPRISE, attribute: 'employeeNumber', subAttribute: null });
    expect(parseScimPath(`${ENTERPRISE}:manager.value`)).toMatchObject({ schemaUrn: ENTERPRISE, attribute: 'manager', subAttribute: 'value' });
  });

  it('rejects what Entra cannot write, with an example', () => {
    expect(() => parseScimPath('emails[type ne "work"].value')).toThrow(/is not a SCIM attribute path Entra can write .*e\.g\. emails\[type eq "work"\]\.value/);
    expect(() => parseScimPath('a b')).toThrow(/"a b"/);
  });

  it('tells filtered and reference paths apart', () => {
    expect(isFilteredPath('emails[type eq "work"].value')).toBe(true);
    expect(isFilteredPath('name.givenName')).toBe(false);
    expect(isReferencePath(`${ENTERPRISE}:manager`)).toBe(true);
    expect(isReferencePath('members')).toBe(true);
    expect(isReferencePath('displayName')).toBe(false);
  });
});
