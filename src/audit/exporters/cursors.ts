import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** How far each exporter had safely taken the log: every event up to seq, as of time at. */
export interface ExportCursor {
  seq: number;
  at: number;
}

const fileSchema = z.record(z.string(), z.object({ seq: z.number().int().nonnegative(), at: z.number().int().nonnegative() }));

/**
 * Exporter cursors in one small file beside the exporters' own state. Rewritten (atomically:
 * temporary file, then rename) at most every interval, so after a crash an exporter re-reads
 * the log from where it had safely got to: it may send an event twice (records carry the event
 * id), never miss one.
 */
export class CursorFile {
  constructor(private readonly file: string) {}

  static in(dataDir: string): CursorFile {
    return new CursorFile(path.join(dataDir, 'exporters', 'cursors.json'));
  }

  /** The saved cursors; none if there is no file yet. A damaged file is reported and ignored. */
  async load(warn: (msg: string) => void): Promise<Record<string, ExportCursor>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      warn(`audit exporters: cannot read ${this.file} (${(e as Error).message}); events from before the restart that were not yet exported will not be re-sent.`);
      return {};
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch {
      warn(`audit exporters: ${this.file} is damaged; events from before the restart that were not yet exported will not be re-sent.`);
      return {};
    }
  }

  async save(cursors: Record<string, ExportCursor>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(cursors), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
