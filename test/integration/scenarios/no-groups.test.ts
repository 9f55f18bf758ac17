/**
 * An endpoint without /Groups: a mapping with group provisioning off leaves the group scenarios
 * out, and nothing the run sends touches /Groups — not even the Test Connection probe.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScimServer } from '../../../examples/scim-server';
import { runSuite } from './suite-helpers';

describe('a mapping with group provisioning off', () => {
  it('runs only scenarios that need no groups, and sends nothing to /Groups', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-no-groups-'));
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ groups: { enabled: false } }));
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', recordRequests: true });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', mapping, scenario: ['users/create', 'groups/add-members', 'users/manager'] });
      expect(result.verdict.scenarios.map((s) => s.id).sort()).toEqual(['users/create', 'users/create', 'users/manager', 'users/manager']);
      expect(result.verdict.outcome).toBe('passed');
      expect(server.requests.length).toBeGreaterThan(0);
      expect(server.requests.filter((request) => request.path.includes('/Groups'))).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
