// Following requests through the API as a client would: long polling with ?wait, and polling
// until the manager has reached a state on its own.
import assert from 'node:assert/strict';
import type { RequestView } from '../../../src/rsm/service.ts';
import type { ApiClient } from './apiClient.ts';

export const FINAL = ['completed', 'failed', 'cancelled', 'timed-out'];

/** GET /v1/requests/{id}?wait=… until the request is final (real-time bound; the library runs on virtual time). */
export async function finished(client: ApiClient, id: number): Promise<RequestView> {
  const answer = await client.get<RequestView>(`/v1/requests/${id}?wait=20000`);
  assert.equal(answer.status, 200, answer.text);
  assert.ok(FINAL.includes(answer.body.state), `request ${id} is still ${answer.body.state}: ${JSON.stringify(answer.body.history)}`);
  return answer.body;
}

export async function requestState(client: ApiClient, id: number): Promise<string> {
  return (await client.get<RequestView>(`/v1/requests/${id}`)).body.state;
}

/** Polls (real time) until `check` holds. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
