import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** Prefixed, time-sortable identifiers: the prefix says what the id names (agt_, key_, sec_, ...). */
export type IdPrefix = 'agt' | 'key' | 'sec' | 'own' | 'team' | 'adm' | 'evt' | 'kill' | 'sig' | 'tok' | 'alr';

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${next(now).toLowerCase()}`;
}

const ID_SHAPE = /^[a-z]{2,4}_[0-9a-z]{26}$/;
export function looksLikeId(value: string, prefix?: IdPrefix): boolean {
  return ID_SHAPE.test(value) && (prefix === undefined || value.startsWith(`${prefix}_`));
}
