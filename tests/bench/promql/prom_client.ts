/**
 * The benchmark's Prometheus client: a long-lived child process (started before any measurement, so that no
 * process forks while the parent measures) that answers each IPC request `{ id, url }` by fetching the URL over a
 * kept-alive connection, parsing the JSON answer, and replying `{ id, ms, cpuMs, status, error, series, timings,
 * version }`: the time from sending the request to the parsed answer, this process's CPU time for it, the HTTP
 * status, an error, the number of series, the query's `stats=all` timings, and a build-information answer's version.
 */
import { Agent, get } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status?: string;
  error?: string;
  data?: { result?: unknown[]; stats?: { timings?: Record<string, number> }; version?: string };
}

function fetchJson(url: string): Promise<{ ms: number; status: number; answer: Answer | null; error?: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = get(url, { agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => {
        try {
          const answer = JSON.parse(Buffer.concat(parts).toString('utf8')) as Answer;
          resolve({ ms: performance.now() - start, status: res.statusCode ?? 0, answer });
        } catch (e) {
          resolve({ ms: performance.now() - start, status: res.statusCode ?? 0, answer: null, error: (e as Error).message });
        }
      });
      res.on('error', (e) => resolve({ ms: 0, status: 0, answer: null, error: e.message }));
    });
    req.on('error', (e) => resolve({ ms: 0, status: 0, answer: null, error: e.message }));
  });
}

process.on('message', (m: { id: number; url: string }) => {
  const cpu = process.cpuUsage();
  void fetchJson(m.url).then((r) => {
    const used = process.cpuUsage(cpu);
    const a = r.answer;
    process.send?.({
      id: m.id,
      ms: r.ms,
      cpuMs: (used.user + used.system) / 1000,
      status: r.status,
      error: r.error ?? a?.error,
      series: a?.data?.result?.length ?? 0,
      timings: a?.data?.stats?.timings ?? null,
      version: a?.data?.version,
    });
  });
});
process.on('disconnect', () => {
  agent.destroy();
  process.exit(0);
});
