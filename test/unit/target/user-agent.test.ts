import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readHarnessVersion } from '../../../harness/target/user-agent';

describe('readHarnessVersion', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'scim-harness-ua-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('walks up past other packages to the scim-harness package.json', () => {
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'scim-harness', version: '9.8.7' }));
    const nested = path.join(root, 'dist', 'harness', 'target');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    expect(readHarnessVersion(nested)).toBe('9.8.7');
  });

  it('falls back to 0.0.0 when no scim-harness package.json is found', () => {
    expect(readHarnessVersion(root)).toBe('0.0.0');
  });
});
