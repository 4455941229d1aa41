import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundleOf, compileBundle } from '../../src/policy/bundle.js';
import type { PolicyProblem } from '../../src/policy/policy-file.js';
import { loadTests, parseTestFile, PolicyTestInvalidError, runTests, testBundleDir, type TestCase } from '../../src/policy/test-runner.js';

const POLICY = `name: p
owner: o
rules:
  - id: no-secrets
    phases: [llm.request, tool.call]
    when: hasFinding(findings, 'secrets')
    effect: deny
  - id: risky-tool
    phases: [tool.call]
    when: "'destructive' in resource.labels && principal.agent.risk == 'high'"
    effect: require_approval
  - id: try-out
    phases: [tool.call]
    when: "resource.tool == 'delete'"
    effect: deny
    mode: shadow
`;
const bundle = compileBundle(bundleOf([{ path: 'p.yaml', text: POLICY }]));

function parse(text: string): { cases: TestCase[]; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const cases = parseTestFile({ path: 't.test.yaml', text }, problems);
  return { cases, problems };
}

function one(input: string): TestCase['input'] {
  const { cases, problems } = parse(`cases:\n  - name: c\n    input: ${input}\n    expect: { effect: allow }\n`);
  assert.deepEqual(problems, []);
  return cases[0]!.input;
}

const where = (p: PolicyProblem) => `${p.line}:${p.column} ${p.path}: ${p.message}`;

describe('policy test files', () => {
  it('expands the shorthands into a complete input', () => {
    const i = one(`{ phase: tool.call, tool: mailer/send_email, labels: [external_comms], trust: untrusted, agent: { id: a1, risk: high, grants: { tools: ['mailer/*'] } },
      user: u1, app: public-chat, ip: 10.0.0.1, arguments: { to: x }, annotations: { destructiveHint: true },
      content: hello, findings: [secrets, 'pii:email', { detector: prompt_injection, score: 0.4, triggered: false }],
      session: { tainted: true, taint: ['prompt_injection:instruction_override'] } }`);
    assert.equal(i.phase, 'tool.call');
    assert.deepEqual(i.resource, { kind: 'tool', model: '', provider: '', server: 'mailer', trust: 'untrusted', tool: 'send_email', annotations: { destructiveHint: true }, labels: ['external_comms'] });
    assert.equal(i.principal.agent.id, 'a1');
    assert.equal(i.principal.agent.risk, 'high');
    assert.equal(i.principal.agent.status, 'active');
    assert.deepEqual(i.principal.agent.grants, { models: [], servers: [], tools: ['mailer/*'] });
    assert.deepEqual([i.principal.user, i.principal.app, i.principal.ip], ['u1', 'public-chat', '10.0.0.1']);
    assert.deepEqual(i.request, { arguments: { to: 'x' }, params: {} });
    assert.deepEqual(i.content, [{ source: 'tool_args', text: 'hello' }]);
    assert.deepEqual(
      i.findings.map((f) => [f.detector, f.kind, f.score, f.triggered]),
      [['secrets', '', 1, true], ['pii', 'email', 1, true], ['prompt_injection', '', 0.4, false]],
    );
    assert.deepEqual(i.session.taint, [{ source: '', detector: 'prompt_injection', kind: 'instruction_override', origin: '', at: 0 }]);
    assert.equal(i.session.tainted, true);
  });

  it('takes the content source from the phase unless given, and a model as the resource of LLM phases', () => {
    const r = one('{ phase: llm.response, model: gpt-4o, provider: openai, tool: docs/search, content: [a, { source: document, text: b }] }');
    assert.deepEqual(r.content, [{ source: 'model_output', text: 'a' }, { source: 'document', text: 'b' }]);
    assert.deepEqual([r.resource.kind, r.resource.model, r.resource.provider], ['model', 'gpt-4o', 'openai']);
    assert.equal(one('{ phase: llm.request, content: hi }').content[0]!.source, 'user');
    assert.equal(one('{ phase: tool.result, content: hi }').content[0]!.source, 'tool_result');
    const t = one('{ phase: tool.call, server: files, tool: read }');
    assert.deepEqual([t.resource.kind, t.resource.server, t.resource.tool], ['tool', 'files', 'read']);
  });

  it('accepts the full form, with shorthands laid over it', () => {
    const i = one(`{ phase: tool.call, principal: { agent: { risk: critical, team: ops }, user: u0 }, resource: { server: s, tool: t, kind: tool },
      request: { arguments: { a: 1 } }, agent: { risk: low }, time: { now: 86400000 } }`);
    assert.deepEqual([i.principal.agent.risk, i.principal.agent.team, i.principal.user], ['low', 'ops', 'u0']);
    assert.deepEqual([i.resource.server, i.resource.tool], ['s', 't']);
    assert.deepEqual(i.request.arguments, { a: 1 });
    assert.deepEqual(i.time, { now: 86400000, hour: 0, weekday: 5 });
  });

  it('merges the file defaults into every case: objects key by key, lists replaced', () => {
    const { cases, problems } = parse(`defaults:
  phase: tool.call
  tool: mailer/send
  labels: [external_comms]
  agent: { risk: high, grants: { servers: [mailer] } }
cases:
  - name: inherits
    expect: { effect: allow }
  - name: overrides
    input: { agent: { risk: low }, labels: [], phase: tool.list }
    expect: { effect: allow }
`);
    assert.deepEqual(problems, []);
    const [a, b] = cases.map((c) => c.input);
    assert.deepEqual([a!.phase, a!.principal.agent.risk, a!.resource.labels, a!.principal.agent.grants.servers], ['tool.call', 'high', ['external_comms'], ['mailer']]);
    assert.deepEqual([b!.phase, b!.principal.agent.risk, b!.resource.labels, b!.principal.agent.grants.servers], ['tool.list', 'low', [], ['mailer']]);
    assert.deepEqual(cases.map((c) => [c.name, c.line]), [['inherits', 7], ['overrides', 9]]);
  });

  it('reports every kind of mistake with its line and column', () => {
    const cases: Array<[string, string]> = [
      ['cases:\n  - name: a\n    input:\n      phase: tool.call\n      tol: x/y\n    expect: { effect: deny }\n', '5:7 cases[0].input.tol: unknown key (check its spelling and indentation)'],
      ['cases:\n  - name: a\n    input: { phase: tool.call }\n    expect: { effect: block }\n', '4:23 cases[0].expect.effect: expected one of deny, require_approval, redact, alert, allow'],
      ['cases:\n  - name: a\n    input: { phase: tool.call }\n    expect: { effect: deny, rule: [x] }\n', '4:29 cases[0].expect.rule: unknown key (check its spelling and indentation)'],
      ['cases:\n  - name: a\n    input: { phase: tool.call, findings: ["Secrets!"] }\n    expect: { effect: deny }\n', '3:43 cases[0].input.findings[0]: expected "detector" or "detector:kind" (lowercase), or an object'],
      ['cases:\n  - name: a\n    input: { phase: tool.call, findings: [{detector: secrets, scroe: 1}] }\n    expect: { effect: deny }\n', '3:63 cases[0].input.findings[0].scroe: unknown key (check its spelling and indentation)'],
      ['cases:\n  - name: a\n    input: { phase: tool.call, agent: { risk: extreme } }\n    expect: { effect: deny }\n', '3:47 cases[0].input.agent.risk: expected one of low, medium, high, critical'],
      ['defaults: { phase: tool.cal }\ncases:\n  - name: a\n    expect: { effect: deny }\n', '1:20 defaults.phase: expected one of llm.request, llm.response, tool.list, tool.call, tool.result'],
      ['cases:\n  - name: a\n    input: { model: x }\n    expect: { effect: deny }\n', '3:12 cases[0].input: the input needs a phase (llm.request, llm.response, tool.list, tool.call, tool.result), here or in defaults'],
      ['cases:\n  - name: a\n    input: { phase: tool.call }\n    expect: { effect: deny }\n  - name: a\n    input: { phase: tool.call }\n    expect: { effect: deny }\n', '5:11 cases[1].name: another case of this file is named "a"'],
      ['cases: []\n', '1:8 cases: a test file needs at least one case'],
      ['- a\n', '1:1 : expected a mapping with `cases:` (and optionally `defaults:`)'],
    ];
    for (const [text, expected] of cases) {
      const { cases: got, problems } = parse(text);
      assert.deepEqual(got, []);
      assert.deepEqual(problems.map(where), [expected], text);
      assert.ok(problems.every((p) => p.code === 'policy.test_invalid' && p.file === 't.test.yaml'));
    }
    const syntax = parse('cases:\n  - name: a\n    input: { phase: tool.call\n').problems;
    assert.deepEqual(syntax.map((p) => `${p.line}:${p.column} ${p.code}`), ['4:1 policy.yaml_syntax']);
  });
});

describe('running policy tests', () => {
  const text = `defaults:
  phase: tool.call
  tool: files/delete
  agent: { risk: high, grants: { servers: [files] } }
cases:
  - name: destructive is held
    input: { labels: [destructive] }
    expect: { effect: require_approval, rules: [risky-tool], shadow: [try-out] }
  - name: wrong effect
    input: { findings: [secrets] }
    expect: { effect: allow }
  - name: wrong rules
    input: { findings: [secrets], labels: [destructive] }
    expect: { effect: deny, rules: [no-secrets, grants.tool.call] }
  - name: wrong shadow
    expect: { effect: allow, shadow: [] }
  - name: outside grants
    input: { tool: shell/exec }
    expect: { effect: deny, rules: [grants.tool.call] }
`;

  it('passes and fails cases with a reason: expected against got', () => {
    const { cases, problems } = parse(text);
    assert.deepEqual(problems, []);
    const r = runTests(bundle, cases);
    assert.deepEqual([r.version, r.files, r.passed, r.failed], [bundle.version, 1, 2, 3]);
    const by = Object.fromEntries(r.cases.map((c) => [c.name, c]));
    assert.equal(by['destructive is held']!.passed, true);
    assert.equal(by['destructive is held']!.reason, '');
    assert.equal(by['outside grants']!.passed, true);
    assert.equal(by['wrong effect']!.reason, 'expected effect allow, got deny');
    assert.equal(by['wrong rules']!.reason, 'expected rules [no-secrets, grants.tool.call], got [no-secrets, risky-tool] (missing grants.tool.call; unexpected risky-tool)');
    assert.equal(by['wrong shadow']!.reason, 'expected shadow rules [], got [try-out] (unexpected try-out)');
    assert.deepEqual(by['wrong rules']!.got, { effect: 'deny', rules: ['no-secrets', 'risky-tool'], shadow: ['try-out'], shadowEffect: 'deny' });
    assert.equal(by['wrong effect']!.line, 9);
  });

  it('compares rule sets without regard to order', () => {
    const { cases } = parse('cases:\n  - name: c\n    input: { phase: tool.call, tool: f/x, agent: { risk: high, grants: { servers: [f] } }, labels: [destructive], findings: [secrets] }\n    expect: { effect: deny, rules: [risky-tool, no-secrets] }\n');
    assert.equal(runTests(bundle, cases).passed, 1);
  });

  it('refuses expected rule ids the bundle does not have, at their position', () => {
    const { cases } = parse('cases:\n  - name: c\n    input: { phase: tool.call }\n    expect:\n      effect: deny\n      rules: [grants.tool.call, no-secret]\n');
    assert.throws(
      () => runTests(bundle, cases),
      (e: unknown) => {
        assert.ok(e instanceof PolicyTestInvalidError);
        assert.equal(e.code, 'policy.test_invalid');
        assert.deepEqual(e.problems.map(where), ['6:33 cases[0].expect.rules[1]: the bundle has no rule "no-secret"']);
        assert.match(e.message, /t\.test\.yaml:6:33/);
        return true;
      },
    );
  });

  it('loads every *.test.yaml under a directory and reports all invalid files at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-ptest-'));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'p.yaml'), POLICY);
    writeFileSync(path.join(dir, 'p.test.yaml'), text);
    writeFileSync(path.join(dir, 'sub', 'more.test.yml'), 'cases:\n  - name: clean\n    input: { phase: llm.request, model: m, agent: { grants: { models: [m] } } }\n    expect: { effect: allow, rules: [] }\n');
    const loaded = await loadTests(dir);
    assert.equal(loaded.files, 2);
    assert.deepEqual(loaded.cases.map((c) => c.file).filter((f, i, a) => a.indexOf(f) === i), ['p.test.yaml', 'sub/more.test.yml']);
    const r = await testBundleDir(dir, bundle);
    assert.deepEqual([r.files, r.passed, r.failed], [2, 3, 3]);
    writeFileSync(path.join(dir, 'sub', 'bad.test.yaml'), 'cases:\n  - name: x\n    inptu: {}\n    expect: { effect: deny }\n');
    writeFileSync(path.join(dir, 'z.test.yaml'), 'cases: [\n');
    await assert.rejects(loadTests(dir), (e: unknown) => {
      assert.ok(e instanceof PolicyTestInvalidError);
      assert.deepEqual(e.problems.map((p) => `${p.file}:${p.line}:${p.column}`), ['sub/bad.test.yaml:3:5', 'z.test.yaml:2:1']);
      return true;
    });
  });
});
