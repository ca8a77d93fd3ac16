// Pages of the unfiltered media list (src/api/routes/wholeListing.ts): read alone when asked
// alone, cut from one read of the whole list when several are read at once under the same mark.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WholeListing } from '../../../src/api/routes/wholeListing.ts';

const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** A listing whose reads are counted: pages by their offset, the whole list as 'whole'. */
function counted(): { pages: WholeListing<string>; reads: string[]; page: (mark: string, offset: number, limit: number) => Promise<readonly string[]> } {
  const pages = new WholeListing<string>();
  const reads: string[] = [];
  const page = (mark: string, offset: number, limit: number): Promise<readonly string[]> =>
    pages.page(
      mark,
      offset,
      limit,
      async () => {
        reads.push(`page ${offset}`);
        return ITEMS.slice(offset, offset + limit);
      },
      async () => {
        reads.push('whole');
        return ITEMS;
      },
    );
  return { pages, reads, page };
}

test('a page asked alone is read alone, again under a new mark', async () => {
  const { reads, page } = counted();
  assert.deepEqual(await page('m1', 2, 2), ['c', 'd']);
  assert.deepEqual(await page('m1', 4, 2), ['e', 'f']);
  assert.deepEqual(await page('m2', 2, 2), ['c', 'd']);
  assert.deepEqual(reads, ['page 2', 'page 4', 'page 2']);
});

test('pages asked while one is being read are cut from one read of the whole list, and later pages under that mark too', async () => {
  const { reads, page } = counted();
  const answers = await Promise.all([page('m1', 0, 3), page('m1', 3, 3), page('m1', 6, 3), page('m1', 9, 3)]);
  assert.deepEqual(answers, [['a', 'b', 'c'], ['d', 'e', 'f'], ['g'], []]);
  assert.deepEqual(await page('m1', 1, 2), ['b', 'c']);
  assert.deepEqual(reads, ['page 0', 'whole']);
  // Under a new mark the whole list read before is not used: a page asked alone is read alone.
  assert.deepEqual(await page('m2', 1, 2), ['b', 'c']);
  assert.deepEqual(reads, ['page 0', 'whole', 'page 1']);
});

test('a failed read of the whole list fails the pages that waited for it, and the next one reads again', async () => {
  const pages = new WholeListing<string>();
  let wholeReads = 0;
  const slowPage = pages.page('m1', 0, 2, () => new Promise((resolve) => setImmediate(() => resolve(['a', 'b']))), () => Promise.reject(new Error('unused')));
  const failed = pages.page('m1', 2, 2, () => Promise.reject(new Error('unused')), () => {
    wholeReads++;
    return Promise.reject(new Error('the catalog is gone'));
  });
  await assert.rejects(failed, /the catalog is gone/);
  assert.deepEqual(await slowPage, ['a', 'b']);
  assert.deepEqual(await pages.page('m1', 2, 2, async () => ['c', 'd'], () => Promise.reject(new Error('unused'))), ['c', 'd']);
  assert.equal(wholeReads, 1);
});
