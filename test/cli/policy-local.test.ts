import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { failed, okJson, show, usageError, warden } from './run.js';

const STARTER = fileURLToPath(new URL('../../../policies/starter/', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'warden-policy-cli-'));

/** A bundle directory with the given files. */
function bundleDir(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const POLICY = `name: p
owner: o
rules:
  - id: no-secrets
    phases: [llm.request]
    when: hasFinding(findings, 'secrets')
    effect: deny
`;
const TESTS = `defaults:
  phase: llm.request
  model: m
  agent: { grants: { models: [m] } }
cases:
  - name: blocks a key
    input: { findings: [secrets:openai] }
    expect: { effect: deny, rules: [no-secrets] }
  - name: lets plain text through
    input: { content: hello }
    expect: { effect: allow, rules: [] }
`;
const FAILING = `cases:
  - name: wrongly expects allow
    input: { phase: llm.request, model: m, agent: { grants: { models: [m] } }, findings: [secrets] }
    expect: { effect: allow }
`;

describe('warden policy validate', () => {
  it('says OK with counts and the short version for a valid bundle', async () => {
    const r = await warden(['policy', 'validate', STARTER]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^OK: 7 policies, 8 rules, version [0-9a-f]{12}\n$/);
  });

  it('prints JSON with --json', async () => {
    const out = okJson<{ valid: boolean; version: string; rules: number; policies: Array<{ name: string; file: string; rules: string[] }> }>(await warden(['--json', 'policy', 'validate', STARTER]));
    assert.equal(out.valid, true);
    assert.match(out.version, /^sha256:[0-9a-f]{64}$/);
    assert.ok(out.policies.some((p) => p.file === 'secrets.yaml' && p.rules.includes('secrets-leaving')));
  });

  it('lists every problem as DIR/file:line:column and exits 1', async () => {
    const dir = bundleDir('invalid', {
      'a.yaml': 'name: a\nowner: o\nrules:\n  - id: r1\n    phases: [tool.call]\n    effect: block\n',
      'b.yaml': 'name: b\nowner: o\nrules:\n  - id: r2\n    phases: [tool.call]\n    effect: deny\n    when: principal.agent.riks == "high"\n',
      'b.test.yaml': 'not: looked at by validate\n',
    });
    const r = await warden(['policy', 'validate', dir]);
    failed(r, 'policy.invalid');
    assert.ok(r.stderr.includes(`${path.join(dir, 'a.yaml')}:6:13`), show(r));
    assert.ok(r.stderr.includes(`${path.join(dir, 'b.yaml')}:7:26`), show(r));
    assert.match(r.stderr, /\[policy\.bad_effect\]/);
    assert.match(r.stderr, /principal\.agent has no field "riks"/);
    const j = await warden(['policy', 'validate', dir, '--json']);
    assert.equal(j.code, 1);
    const err = JSON.parse(j.stderr) as { error: { code: string; details: { problems: Array<{ file: string; line: number; column: number }> } } };
    assert.equal(err.error.code, 'policy.invalid');
    assert.deepEqual(err.error.details.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.column}`), ['a.yaml:6:13', 'b.yaml:7:26']);
  });

  it('refuses a missing or empty directory, and a missing argument', async () => {
    failed(await warden(['policy', 'validate', path.join(root, 'nope')]), 'policy.dir_unreadable');
    failed(await warden(['policy', 'validate', bundleDir('empty', { 'only.test.yaml': TESTS })]), 'policy.empty_bundle');
    usageError(await warden(['policy', 'validate']), /missing required argument 'dir'/);
  });
});

describe('warden policy test', () => {
  it('runs the starter pack green: a table, a summary, exit 0', async () => {
    const r = await warden(['policy', 'test', STARTER]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^RESULT +CASE +AT +EFFECT$/m);
    assert.match(r.stdout, /^PASS +a quarantined agent cannot call a tool +\S+quarantine\.test\.yaml:\d+ +deny$/m);
    assert.doesNotMatch(r.stdout, /^FAIL/m);
    assert.match(r.stdout, /^PASS: \d+ passed, 0 failed \(\d+ cases in 7 files, version [0-9a-f]{12}\)$/m);
  });

  it('shows failures with the reason and exits 1', async () => {
    const dir = bundleDir('failing', { 'p.yaml': POLICY, 'p.test.yaml': TESTS, 'q.test.yaml': FAILING });
    const r = await warden(['policy', 'test', dir]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /^PASS +blocks a key/m);
    assert.match(r.stdout, /^FAIL +wrongly expects allow +\S+q\.test\.yaml:2 +deny$/m);
    assert.ok(r.stdout.includes(`FAIL ${path.join(dir, 'q.test.yaml')}:2 wrongly expects allow\n  expected effect allow, got deny`), show(r));
    assert.match(r.stdout, /^FAIL: 2 passed, 1 failed \(3 cases in 2 files, version [0-9a-f]{12}\)$/m);
  });

  it('prints a machine-readable result with --json, still exiting 1 on a failure', async () => {
    const dir = bundleDir('failing-json', { 'p.yaml': POLICY, 'p.test.yaml': TESTS, 'q.test.yaml': FAILING });
    const r = await warden(['--json', 'policy', 'test', dir]);
    assert.equal(r.code, 1, show(r));
    const out = JSON.parse(r.stdout) as { version: string; files: number; passed: number; failed: number; cases: Array<{ name: string; file: string; line: number; passed: boolean; reason: string; got: { effect: string; rules: string[] } }> };
    assert.deepEqual([out.files, out.passed, out.failed], [2, 2, 1]);
    const bad = out.cases.find((c) => !c.passed)!;
    assert.deepEqual([bad.name, bad.file, bad.line, bad.reason, bad.got.rules], ['wrongly expects allow', path.join(dir, 'q.test.yaml'), 2, 'expected effect allow, got deny', ['no-secrets']]);
    const green = okJson<{ failed: number }>(await warden(['--json', 'policy', 'test', bundleDir('green-json', { 'p.yaml': POLICY, 'p.test.yaml': TESTS })]));
    assert.equal(green.failed, 0);
  });

  it('exits 1 when the bundle is invalid, a test file is invalid, or there are no tests', async () => {
    failed(await warden(['policy', 'test', bundleDir('bad-policy', { 'p.yaml': POLICY.replace('effect: deny', 'effect: nope'), 'p.test.yaml': TESTS })]), 'policy.invalid');
    const badTests = bundleDir('bad-tests', { 'p.yaml': POLICY, 'p.test.yaml': TESTS.replace('expect: { effect: deny, rules: [no-secrets] }', 'expect: { effect: deny, rules: [no-secret] }') });
    const r = await warden(['policy', 'test', badTests]);
    failed(r, 'policy.test_invalid');
    assert.ok(r.stderr.includes(`${path.join(badTests, 'p.test.yaml')}:8:37`), show(r));
    assert.match(r.stderr, /the bundle has no rule "no-secret"/);
    failed(await warden(['policy', 'test', bundleDir('untested', { 'p.yaml': POLICY })]), 'policy.no_tests');
  });
});
