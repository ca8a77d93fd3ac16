/**
 * Server-Sent Events as the manager sends them (`id:`, `event:`, `data:` lines, a blank line
 * ending each message, `:` comments as heartbeats), per the WHATWG event-stream grammar: data
 * lines of one message are joined with '\n', a leading space after the colon is dropped.
 */
export interface EventStreamMessage {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

export async function* readEventStream(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<EventStreamMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  let buffer = '';
  let pending = emptyMessage();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (pending.data.length > 0) yield { id: pending.id, event: pending.event, data: pending.data.join('\n') };
          pending = emptyMessage();
        } else {
          addField(pending, line);
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}

interface PendingMessage {
  id: string | undefined;
  event: string | undefined;
  data: string[];
}

function emptyMessage(): PendingMessage {
  return { id: undefined, event: undefined, data: [] };
}

function addField(message: PendingMessage, line: string): void {
  if (line.startsWith(':')) return; // a comment: the heartbeat
  const colon = line.indexOf(':');
  const name = colon < 0 ? line : line.slice(0, colon);
  const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
  if (name === 'data') message.data.push(value);
  else if (name === 'event') message.event = value;
  else if (name === 'id') message.id = value;
}
