/**
 * Invariants of the scheduler's policy under any arrival sequence (fast-check, fake library — pure
 * policy): every job ends, none is starved past the aging bound, every cartridge stays exactly
 * once somewhere, and a transport never runs two commands at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Scheduler, type Outcome } from '../../../../src/rsm/scheduler/index.ts';
import { FakeLibrary } from './fakeLibrary.ts';

const AGING_MS = 1_000;

describe('Scheduler properties', () => {
  it('never lets a job be overtaken by one that arrived more than 31 aging steps after it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 6_000 }), priority: fc.integer({ min: -15, max: 15 }) }), { minLength: 2, maxLength: 40 }),
        async (arrivals) => {
          const media = arrivals.map((_, i) => `M${String(i).padStart(5, '0')}L8`);
          const lib = new FakeLibrary(media.length * 2, media);
          const scheduler = new Scheduler({ robot: lib.robot(), host: lib.host(), clock: lib.clock, driveCount: 0, policy: { agingMs: AGING_MS } });
          const submitted: number[] = [];
          const outcomes: Promise<Outcome>[] = [];
          const arrive = async (): Promise<void> => {
            for (const [i, a] of arrivals.entries()) {
              await lib.clock.sleep(a.gapMs);
              submitted[i] = lib.clock.now();
              // Slot-to-slot moves: always ready, so the order is the policy's alone.
              const from = { type: 'slot', index: i } as const;
              const to = { type: 'slot', index: media.length + i } as const;
              outcomes.push(scheduler.submit({ id: i, kind: 'move', from, to, priority: a.priority, submittedAt: lib.clock.now(), deadlineAt: null }));
            }
          };
          await lib.run(arrive());
          const ends = await lib.run(Promise.all(outcomes));
          assert.ok(ends.every((o) => o.state === 'completed'));
          const started = new Map(lib.commands.map((c) => [Number(c.media[0]?.slice(1, 6)), c.at]));
          for (let j = 0; j < arrivals.length; j++) {
            for (let k = 0; k < arrivals.length; k++) {
              if ((submitted[k] as number) - (submitted[j] as number) > 31 * AGING_MS) {
                assert.ok((started.get(j) as number) <= (started.get(k) as number), `job ${k} arrived ${(submitted[k] as number) - (submitted[j] as number)} ms after job ${j} yet started first`);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ends every mount and dismount of any workload, with each cartridge exactly once and one command per transport at a time', async () => {
    const app = fc.record({
      startMs: fc.integer({ min: 0, max: 120_000 }),
      useMs: fc.integer({ min: 0, max: 90_000 }),
      priority: fc.integer({ min: -15, max: 15 }),
      drives: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      placement: fc.constantFrom('home' as const, 'nearest' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(app, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.integer({ min: 1, max: 2 }), async (apps, canExchange, transports) => {
        const media = apps.map((_, i) => `A${String(i).padStart(5, '0')}L8`);
        const lib = new FakeLibrary(media.length + 4, media);
        const scheduler = new Scheduler({ robot: lib.robot({ canExchange, transports }), host: lib.host(), clock: lib.clock, driveCount: 4, policy: { agingMs: AGING_MS } });
        let id = 0;
        const runApp = async (i: number): Promise<string[]> => {
          const a = apps[i] as (typeof apps)[number];
          await lib.clock.sleep(a.startMs);
          const base = () => ({ id: id++, priority: a.priority, submittedAt: lib.clock.now(), deadlineAt: null });
          const mounted = await scheduler.submit({ ...base(), kind: 'mount', mediumId: media[i] as string, drives: a.drives });
          if (mounted.state !== 'completed' || mounted.drive === undefined) return [mounted.state];
          await lib.clock.sleep(a.useMs);
          const dismounted = await scheduler.submit({ ...base(), kind: 'dismount', drive: mounted.drive, placement: a.placement });
          return [mounted.state, dismounted.state];
        };
        const results = await lib.run(Promise.all(apps.map((_, i) => runApp(i))));
        assert.deepEqual(results, apps.map(() => ['completed', 'completed']));
        lib.assertConserved(media);
        for (const m of media) assert.equal(lib.whereIs(m)?.type, 'slot');
        for (let t = 0; t < transports; t++) {
          const mine = lib.commands.filter((c) => c.transport === t).sort((x, y) => x.at - y.at);
          for (let k = 1; k < mine.length; k++) assert.ok((mine[k] as { at: number }).at >= (mine[k - 1] as { end: number }).end, 'two commands at once on one transport');
        }
      }),
      { numRuns: 80 },
    );
  });
});
