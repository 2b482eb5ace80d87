import { followerQueryable, serveFollowers, writerSelectApi } from '../../src/api/follower';
import { labelsFromObject } from '../../src/model/labels';
import type { Queryable } from '../../src/model/storage';
import { Head } from '../../src/tsdb';

const SERIES = 100;
const SAMPLES = 240;
const REPS = 40;
const ROUNDS = 5;

/** cpuMs returns the process CPU time (user + system) per run of f, in ms: the best of ROUNDS rounds of REPS runs. */
async function cpuMs(f: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < REPS; i++) await f();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / REPS);
  }
  return best;
}

/**
 * bench measures a follower's select through a BroadcastChannel to the writer (100 series of an hour at 15 s),
 * against the same select on the writer's own head: the cost of reading fresh data without a SharedWorker.
 */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const head = new Head();
  const app = head.appender();
  for (let t = 0; t < SAMPLES; t++) {
    for (let i = 0; i < SERIES; i++) app.append(0, labelsFromObject({ __name__: 'bench_roles', i: String(i) }), t * 15_000, Math.random());
  }
  await app.commit();
  const writerChannel = new BroadcastChannel('promtab-bench-roles');
  const followerChannel = new BroadcastChannel('promtab-bench-roles');
  try {
    serveFollowers(writerChannel, head, () => true);
    const follower: Queryable = followerQueryable(() => new Head(), writerSelectApi(followerChannel), () => false);
    const matchers = [{ type: '=' as const, name: '__name__', value: 'bench_roles' }];
    const maxt = SAMPLES * 15_000;
    const local = await cpuMs(() => head.querier().select(matchers, 0, maxt));
    const remote = await cpuMs(() => follower.querier().select(matchers, 0, maxt));
    report('roles_select_100x240_writer_cpu', local, 'ms');
    report('roles_select_100x240_follower_cpu', remote, 'ms');
  } finally {
    writerChannel.close();
    followerChannel.close();
  }
}
