import type { PageReader } from '../store/audit-pages.js';
import { checkRawRow, RAW } from './verify-row.js';

/** Problems verification can name; see verify.ts. */
export type ProblemKind =
  | 'modified' // an event's content no longer matches its hash
  | 'rehashed' // an event was changed and its hash recomputed: the next event still links to the original
  | 'index_mismatch' // a searchable column disagrees with the hashed body
  | 'deleted' // positions are missing from the chain
  | 'reordered' // an intact event sits at the wrong position
  | 'truncated' // the log ends before a checkpoint or the chain head says it should
  | 'checkpoint_mismatch' // the event at a checkpoint's position is not the one that was signed
  | 'checkpoint_signature'; // a checkpoint's signature does not verify (or its key is unknown)

export interface VerifyProblem {
  kind: ProblemKind;
  seq?: number;
  id?: string;
  message: string;
}

export interface RowRef {
  seq: number;
  id: string;
  hash: string;
}

/** An event whose link to the event before it is broken: a gap, or a prevHash that does not match. */
export interface LinkBreak {
  seq: number;
  id: string;
  prevHash: string;
  /** Its own content matches its hash. */
  selfOk: boolean;
  /** The event before it in this range (absent for a range's first event: the caller knows it). */
  before?: RowRef;
}

/** What one contiguous range of the chain holds, independent of every other range. */
export interface RangeScan {
  events: number;
  first?: LinkBreak;
  last?: RowRef;
  /** Events that fail on their own (modified, index_mismatch), in order, with the seq they were found at. */
  problems: VerifyProblem[];
  breaks: LinkBreak[];
  /** Hashes at the positions asked for (checkpoints, the head). */
  hashesAt: Array<[number, string]>;
}

/** The id from the hashed body, for a row whose id column was edited. */
function bodyId(id: string, body: string): string {
  try {
    return (JSON.parse(body) as { id: string }).id;
  } catch {
    return id;
  }
}

/**
 * Checks every event of seq range [from, to] on its own (content against hash, columns against
 * content) and records each broken link inside the range. Pure reading: ranges can be scanned in
 * parallel, each on its own connection, and stitched together in order (verify.ts).
 */
export async function scanRange(readPage: PageReader, from: number, to: number, wanted: ReadonlySet<number>, pageSize: number, maxProblems: number): Promise<RangeScan> {
  const out: RangeScan = { events: 0, problems: [], breaks: [], hashesAt: [] };
  let prev: RowRef | undefined;
  let next = from;
  while (next <= to) {
    const rows = await readPage(next, Math.min(pageSize, to - next + 1));
    for (const raw of rows) {
      const seq = Number(raw[RAW.seq]);
      if (seq > to) break;
      const hash = raw[RAW.hash] as string;
      const prevHash = raw[RAW.prevHash] as string;
      const result = checkRawRow(raw);
      const id = Array.isArray(result) && result.includes('id') ? bodyId(raw[RAW.id] as string, raw[RAW.body] as string) : (raw[RAW.id] as string);
      out.events++;
      if (out.problems.length < maxProblems) {
        if (result === 1) {
          out.problems.push({ kind: 'modified', seq, id, message: `event ${id} at seq ${seq} was modified: its content no longer matches its hash` });
        } else if (result !== 0) {
          out.problems.push({ kind: 'index_mismatch', seq, id, message: `event ${id} at seq ${seq}: column(s) ${result.join(', ')} were changed (the hashed body disagrees)` });
        }
      }
      const link: LinkBreak = { seq, id, prevHash, selfOk: result !== 1 };
      if (!prev) out.first = link;
      else if (seq > prev.seq + 1 || prevHash !== prev.hash) out.breaks.push({ ...link, before: prev });
      if (wanted.has(seq)) out.hashesAt.push([seq, hash]);
      prev = { seq, id, hash };
    }
    if (rows.length < pageSize) break;
    next = Number(rows[rows.length - 1]![RAW.seq]) + 1;
  }
  if (prev) out.last = prev;
  return out;
}
