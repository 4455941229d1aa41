import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonlExporter } from '../../../src/audit/exporters/jsonl.js';
import { isWardenError } from '../../../src/errors.js';
import { finding, makeEvent } from './helpers.js';

const quiet = { warn() {}, error() {} };
const lines = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('JSONL exporter', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-jsonl-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each event as one line (warden format) and flushes on close', async () => {
    const file = path.join(dir, 'a', 'audit.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 1024 * 1024, maxFiles: 3, format: 'warden', log: quiet });
    const events = Array.from({ length: 50 }, () => makeEvent());
    for (const e of events) x.handle(e);
    assert.equal(x.queueDepth() > 0, true, 'handle() only queues');
    await x.close();
    assert.deepEqual(lines(file), JSON.parse(JSON.stringify(events)));
    assert.equal(x.stats().exported, 50);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the audit file is private');
  });

  it('writes OCSF records (one per record, findings included) in ocsf format', async () => {
    const file = path.join(dir, 'ocsf.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 1024 * 1024, maxFiles: 3, format: 'ocsf', log: quiet });
    x.handle(makeEvent());
    x.handle(makeEvent({ findings: [finding()] }));
    await x.close();
    assert.deepEqual(lines(file).map((r) => r.class_uid), [6003, 6003, 2004]);
  });

  it('appends to an existing file across restarts', async () => {
    const file = path.join(dir, 'append.jsonl');
    for (let i = 0; i < 2; i++) {
      const x = await JsonlExporter.open({ path: file, maxBytes: 1024 * 1024, maxFiles: 3, format: 'warden', log: quiet });
      x.handle(makeEvent());
      await x.close();
    }
    assert.equal(lines(file).length, 2);
  });

  it('rotates at max_bytes into file.1, file.2 … and keeps at most max_files', async () => {
    const file = path.join(dir, 'rot', 'audit.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 4096, maxFiles: 3, format: 'warden', log: quiet });
    const events = Array.from({ length: 120 }, () => makeEvent());
    for (const e of events) x.handle(e);
    await x.close();
    const names = readdirSync(path.dirname(file)).sort();
    assert.deepEqual(names, ['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2', 'audit.jsonl.3']);
    for (const n of names) assert.ok(statSync(path.join(path.dirname(file), n)).size <= 4096, `${n} within max_bytes`);
    // Newest last: .3 is oldest, then .2, .1 and the live file; together a contiguous tail, in order, no line split.
    const kept = ['audit.jsonl.3', 'audit.jsonl.2', 'audit.jsonl.1', 'audit.jsonl'].flatMap((n) => lines(path.join(path.dirname(file), n)));
    const seqs = kept.map((e) => e.seq);
    assert.deepEqual(seqs, events.slice(events.length - seqs.length).map((e) => e.seq));
    assert.equal(x.stats().exported, 120);
  });

  it('puts a line longer than max_bytes whole into a file of its own', async () => {
    const file = path.join(dir, 'big', 'audit.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 1024, maxFiles: 5, format: 'warden', log: quiet });
    x.handle(makeEvent());
    x.handle(makeEvent({ data: { blob: 'x'.repeat(3000) } }));
    x.handle(makeEvent());
    await x.close();
    const d = path.dirname(file);
    const all = ['audit.jsonl.2', 'audit.jsonl.1', 'audit.jsonl'].filter((n) => existsSync(path.join(d, n))).flatMap((n) => lines(path.join(d, n)));
    assert.equal(all.length, 3);
    assert.equal(all[1].data.blob.length, 3000);
  });

  it('does not block the caller: 20 000 events are queued in a few milliseconds', async () => {
    const file = path.join(dir, 'fast.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 100 * 1024 * 1024, maxFiles: 1, format: 'warden', log: quiet });
    const events = Array.from({ length: 20_000 }, () => makeEvent());
    for (const e of events) x.handle(e);
    // Nothing was written synchronously: the writer runs after handle() returned.
    assert.ok(x.queueDepth() > 0);
    await x.close();
    assert.equal(lines(file).length, 20_000);
  });

  it('refuses to start with exporter.jsonl.path_unwritable when the directory cannot be written', async (t) => {
    if (process.getuid?.() === 0) return t.skip('root can write anywhere');
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    try {
      await assert.rejects(
        JsonlExporter.open({ path: path.join(ro, 'audit.jsonl'), maxBytes: 4096, maxFiles: 1, format: 'warden', log: quiet }),
        (e: unknown) => isWardenError(e) && e.code === 'exporter.jsonl.path_unwritable' && e.message.includes('audit.exporters.jsonl.path'),
      );
    } finally {
      chmodSync(ro, 0o700);
    }
  });

  it('refuses a path that is a directory, or under a file, naming the path', async () => {
    const p = path.join(dir, 'isdir');
    mkdirSync(p);
    const blocker = path.join(dir, 'plain-file');
    writeFileSync(blocker, '');
    for (const bad of [p, path.join(blocker, 'audit.jsonl')]) {
      await assert.rejects(
        JsonlExporter.open({ path: bad, maxBytes: 4096, maxFiles: 1, format: 'warden', log: quiet }),
        (e: unknown) => isWardenError(e) && e.code === 'exporter.jsonl.path_unwritable' && e.message.includes(bad) && (e.details as any).setting === 'path',
      );
    }
  });

  it('reopens the path when the file is moved away (external rotation)', async () => {
    const file = path.join(dir, 'moved.jsonl');
    const x = await JsonlExporter.open({ path: file, maxBytes: 1024 * 1024, maxFiles: 1, format: 'warden', log: quiet });
    x.handle(makeEvent());
    await x.flush();
    renameSync(file, file + '.old');
    x.handle(makeEvent());
    await x.close();
    assert.equal(lines(file + '.old').length, 1);
    assert.equal(lines(file).length, 1);
  });

  it('keeps the lines and retries when the file disappears under it', async () => {
    const d = path.join(dir, 'vanish');
    const file = path.join(d, 'audit.jsonl');
    const warnings: string[] = [];
    const x = await JsonlExporter.open({ path: file, maxBytes: 1024 * 1024, maxFiles: 1, format: 'warden', log: { warn: (m) => warnings.push(m), error() {} } });
    x.handle(makeEvent());
    await x.flush();
    // Replace the directory by a file: writes now fail, and reopening fails until it is back.
    rmSync(d, { recursive: true });
    writeFileSync(d, 'not a directory');
    x.handle(makeEvent());
    await new Promise((r) => setTimeout(r, 50));
    rmSync(d);
    mkdirSync(d);
    await x.close();
    assert.equal(lines(file).length, 1, 'the line written while the directory was gone arrives once it is back');
    assert.ok(x.stats().failures > 0);
    assert.ok(warnings.some((w) => w.includes('cannot write')));
  });
});
