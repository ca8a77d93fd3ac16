// The event stream and the metrics through real HTTP: SSE framing, events in order, Last-Event-ID
// resume from the buffer, `resync` when the buffer no longer reaches back, heartbeats, clients
// that go away are unsubscribed; Prometheus text with the API's and the manager's figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagerEvent } from '../../../src/rsm/events.ts';
import type { RequestView } from '../../../src/rsm/service.ts';
import { LIBRARY, onSqlite } from './apiHarness.ts';
import { until } from './flow.ts';
import { SseClient, type SseMessage } from './sseClient.ts';

function eventOf(message: SseMessage): ManagerEvent {
  return JSON.parse(message.data) as ManagerEvent;
}

function isRequestEvent(id: number, state: string) {
  return (m: SseMessage): boolean => {
    if (m.event !== 'request') return false;
    const e = eventOf(m);
    return e.type === 'request' && e.request.id === id && e.request.state === state;
  };
}

function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

onSqlite('API events (SSE)', (h) => {
  test('a mount seen on the stream: id/event/data framing, one event per change, in order, ids consecutive', async () => {
    const api = await h.start();
    const stream = await SseClient.open(api.url, api.reader.token ?? '');
    assert.match(stream.response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(stream.response.headers.get('cache-control'), 'no-cache, no-transform');
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    await stream.next(isRequestEvent(mount.body.id, 'completed'));
    const messages = stream.messages;
    for (const m of messages) {
      const event = eventOf(m);
      assert.equal(m.event, event.type);
      assert.equal(m.id, String(event.seq));
    }
    const ids = messages.map((m) => Number(m.id));
    assert.deepEqual(ids, ids.map((_, i) => (ids[0] as number) + i), 'ids are consecutive');
    const mine = messages.map(eventOf).filter((e) => e.type === 'request' && e.request.id === mount.body.id);
    assert.deepEqual(mine.map((e) => (e.type === 'request' ? [e.previous, e.request.state, e.library] : [])), [[null, 'queued', LIBRARY], ['queued', 'in-progress', LIBRARY], ['in-progress', 'completed', LIBRARY]]);
    const medium = messages.map(eventOf).find((e) => e.type === 'medium' && e.barcode === 'A00001L8' && e.location === 'drive:0');
    assert.ok(medium !== undefined, 'the medium event says where the tape went');
    assert.ok(messages.map(eventOf).some((e) => e.type === 'drive' && e.drive === 0 && e.barcode === 'A00001L8'));
    stream.close();
  });

  test('Last-Event-ID resumes right after that event; an id the buffer no longer holds starts with resync', async () => {
    const api = await h.start({ events: { bufferSize: 8 } });
    const live = await SseClient.open(api.url, api.reader.token ?? '');
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 });
    await live.next(isRequestEvent(mount.body.id, 'completed'));
    const all = live.messages.slice();
    assert.ok(all.length >= 5, `enough events to resume within (${all.length})`);
    const resumeAfter = all.at(-4) as SseMessage;
    const resumed = await SseClient.open(api.url, api.reader.token ?? '', resumeAfter.id);
    await resumed.next((m) => m.id === all.at(-1)?.id);
    assert.deepEqual(resumed.messages.map((m) => m.id), all.slice(-3).map((m) => m.id));

    // Enough new events to push the first ones out of an 8-event buffer.
    const dismount = await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 1 });
    await live.next(isRequestEvent(dismount.body.id, 'completed'));
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 });
    const stale = await SseClient.open(api.url, api.reader.token ?? '', all[0]?.id);
    const notice = await stale.next(() => true);
    assert.equal(notice.event, 'resync');
    assert.equal(notice.id, undefined);
    assert.equal((JSON.parse(notice.data) as { lastEventId: number }).lastEventId, Number(all[0]?.id));
    // From another manager process (ids restart at 1): ahead of ours, so resync too.
    const future = await SseClient.open(api.url, api.reader.token ?? '', '999999');
    assert.equal((await future.next(() => true)).event, 'resync');
    const invalid = await fetch(`${api.url}/v1/events`, { headers: { authorization: `Bearer ${api.reader.token ?? ''}`, 'last-event-id': 'yesterday' } });
    assert.equal(invalid.status, 400);
    await invalid.body?.cancel();
    for (const s of [live, resumed, stale, future]) s.close();
  });

  test('Last-Event-ID 0 replays from the manager\'s first event: the library coming online before the server existed', async () => {
    const api = await h.start();
    const stream = await SseClient.open(api.url, api.reader.token ?? '', '0');
    const first = await stream.next(() => true);
    assert.equal(first.id, '1');
    const online = await stream.next((m) => { const e = eventOf(m); return e.type === 'library' && e.state === 'online'; });
    const event = eventOf(online);
    assert.deepEqual(event.type === 'library' ? [event.library, event.state] : [], [LIBRARY, 'online']);
    stream.close();
  });

  test('heartbeat comments keep an idle stream alive; clients that go away are unsubscribed', async () => {
    const api = await h.start({ events: { heartbeatMs: 40 } });
    const streams = await Promise.all([1, 2, 3].map(() => SseClient.open(api.url, api.reader.token ?? '')));
    await until(() => streams.every((s) => s.comments.some((c) => c.startsWith('heartbeat'))), 'every stream has had a heartbeat');
    const clients = async (): Promise<number | undefined> => metricValue((await api.reader.get<string>('/metrics')).body, 'changer_sse_clients');
    assert.equal(await clients(), 3);
    streams[0]?.close();
    streams[1]?.close();
    await until(async () => (await clients()) === 1, 'two clients are gone');
    // Stopping the server ends the remaining stream instead of waiting for it.
    await api.stop();
    await until(() => streams[2]?.ended === true, 'the last stream ended with the server');
  });
});

onSqlite('API metrics', (h) => {
  test('/metrics: HTTP latency by route and status, request transitions, mounts, queue depth, open requests, process metrics', async () => {
    const api = await h.start();
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 });
    await api.restore.post('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8', drive: 0 });
    await api.reader.get('/v1/nothing-here');
    await until(async () => (await api.reader.get<RequestView[]>('/v1/requests?state=waiting')).body.length === 1, 'the third mount waits');
    const answer = await api.reader.get<string>('/metrics');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = answer.body;
    assert.equal(metricValue(text, 'changer_http_request_duration_seconds_count{method="POST",route="/v1/mounts",status="200"}'), 2);
    assert.equal(metricValue(text, 'changer_http_request_duration_seconds_count{method="POST",route="/v1/mounts",status="202"}'), 1);
    assert.equal(metricValue(text, 'changer_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}'), 1);
    assert.equal(metricValue(text, `changer_mounts_total{library="${LIBRARY}"}`), 2);
    assert.equal(metricValue(text, `changer_request_transitions_total{library="${LIBRARY}",kind="mount",state="completed"}`), 2);
    assert.equal(metricValue(text, `changer_request_transitions_total{library="${LIBRARY}",kind="mount",state="queued"}`), 3);
    assert.equal(metricValue(text, `changer_requests{library="${LIBRARY}",kind="mount",state="waiting"}`), 1);
    assert.equal(typeof metricValue(text, `changer_request_queue_depth{library="${LIBRARY}"}`), 'number');
    assert.equal(typeof metricValue(text, 'process_cpu_user_seconds_total'), 'number');
    assert.match(text, /^# HELP changer_http_request_duration_seconds /m);
    assert.ok(!text.includes(api.reader.token ?? 'no token'), 'no secret in the metrics');
  });
});
