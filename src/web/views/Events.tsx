// The manager's events as they come, newest first, filtered by type and text.
import { useState } from 'preact/hooks';
import { clock } from '../format.ts';
import type { Store } from '../store.ts';
import type { ManagerEvent } from '../types.ts';

const TYPES = ['request', 'medium', 'drive', 'element', 'operator-request', 'library'] as const;

export function summary(event: ManagerEvent): string {
  switch (event.type) {
    case 'request':
      return event.request === undefined ? '' : `#${event.request.id} ${event.request.kind} ${event.request.barcode ?? ''} → ${event.request.state}`;
    case 'medium':
      return `${event.barcode ?? '(no label)'} at ${event.location ?? '?'} (${event.state ?? ''})`;
    case 'drive':
      return `drive ${event.drive ?? '?'} ${event.state ?? ''}${event.barcode ? ` with ${event.barcode}` : ''}`;
    case 'element':
      return `${event.element ?? '?'} ${event.state ?? ''}`;
    case 'operator-request':
      return event.operatorRequest === undefined ? '' : `#${event.operatorRequest.id} ${event.operatorRequest.state}: ${event.operatorRequest.message}`;
    case 'library':
      return `${event.state ?? ''}${event.detail ? ` — ${event.detail}` : ''}`;
  }
}

export function Events({ store }: { readonly store: Store }) {
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const shown = store.events
    .filter((e) => (type === '' || e.type === type) && (needle === '' || summary(e).toLowerCase().includes(needle)))
    .slice(-300)
    .reverse();
  return (
    <section aria-label="Events">
      <div class="toolbar">
        <label>
          Type{' '}
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">all</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Contains <input name="text" value={text} onInput={(e) => setText(e.currentTarget.value)} autocomplete="off" />
        </label>
        <span class="muted">last event {store.lastEventId ?? '—'}</span>
      </div>
      <table class="list events">
        <tbody>
          {shown.map((e) => (
            <tr key={e.seq} data-seq={e.seq}>
              <td>{e.seq}</td>
              <td>{clock(e.at)}</td>
              <td>{e.type}</td>
              <td>{e.library ?? ''}</td>
              <td>{summary(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
