// A client's media query checked and turned into the catalog's search (catalog/mediaSearch.ts).
// The API's schema already refuses bad filters; these checks hold for every other caller too.
import { MEDIUM_STATES, SIDE_STATES, type MediaSearch } from '../../catalog/index.ts';
import type { MediaQuery } from '../../service.ts';
import { invalid } from '../errors.ts';

function checkWords<T extends string>(values: readonly T[] | undefined, allowed: readonly T[], what: string): readonly T[] | undefined {
  const bad = values?.find((v) => !allowed.includes(v));
  if (bad !== undefined) throw invalid(`${what} is one of ${allowed.join(', ')}, not ${String(bad)}`);
  return values;
}

function checkTime(value: number | undefined, what: string): number | undefined {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw invalid(`${what} is a time in epoch milliseconds, not ${String(value)}`);
  return value;
}

export function mediaSearch(query: MediaQuery, libraryId: string | undefined, poolId: string | undefined): MediaSearch & { readonly locationType?: MediaQuery['location'] } {
  const states = checkWords(query.states, MEDIUM_STATES, 'a medium state');
  const sideStates = checkWords(query.sideStates, SIDE_STATES, 'a side state');
  const mountedSince = checkTime(query.mountedSince, 'mountedSince');
  const mountedBefore = checkTime(query.mountedBefore, 'mountedBefore');
  if (query.barcode !== undefined && query.barcode === '') throw invalid('a barcode (or pattern) is not empty');
  return {
    ...(libraryId !== undefined ? { libraryId } : {}),
    ...(poolId !== undefined ? { poolId } : {}),
    ...(query.barcode !== undefined ? { barcode: query.barcode } : {}),
    ...(query.location !== undefined ? { locationType: query.location } : {}),
    ...(states !== undefined ? { states } : {}),
    ...(sideStates !== undefined ? { sideStates } : {}),
    ...(query.mediaType !== undefined ? { mediaType: query.mediaType } : {}),
    ...(mountedSince !== undefined ? { mountedSince } : {}),
    ...(mountedBefore !== undefined ? { mountedBefore } : {}),
    ...(query.limit !== undefined ? { limit: Math.max(0, query.limit) } : {}),
    ...(query.offset !== undefined ? { offset: Math.max(0, query.offset) } : {}),
  };
}
