// The drives: state, loaded cartridge, the device URL and serial an application uses, cleaning,
// mounts; dismount and clean where the role allows.
import { clock } from '../format.ts';
import type { Store } from '../store.ts';
import { Action } from './common.tsx';

export function Drives({ store }: { readonly store: Store }) {
  const detail = store.detail;
  if (detail === undefined) return <p class="muted">Loading…</p>;
  const library = detail.name;
  return (
    <section aria-label="Drives">
      <table class="list drives">
        <thead>
          <tr>
            <th>Drive</th>
            <th>State</th>
            <th>In service</th>
            <th>Cartridge</th>
            <th>Device URL</th>
            <th>Serial</th>
            <th>Cleaning</th>
            <th>Mounts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {detail.drives.map((d) => {
            const number = detail.elements.find((e) => e.type === 'drive' && e.index === d.index)?.displayNumber ?? d.index;
            return (
              <tr key={d.index} data-drive={d.index}>
                <td>{number}</td>
                <td>{d.state}</td>
                <td class={d.enabled ? '' : 'warn'}>{d.enabled ? 'yes' : `no${d.disabledReason === null ? '' : `: ${d.disabledReason}`}`}</td>
                <td>{d.barcode ?? '—'}</td>
                <td class="mono">{d.devicePath ?? '—'}</td>
                <td class="mono">{d.serialNumber ?? '—'}</td>
                <td class={d.needsCleaning ? 'warn' : ''}>
                  {d.needsCleaning ? 'needs cleaning (TapeAlert)' : 'clean'}
                  {d.lastCleanedAt === null ? '' : `, last ${clock(d.lastCleanedAt)}`}
                </td>
                <td>{d.mountCount}</td>
                <td class="buttons">
                  {d.barcode === null ? null : (
                    <Action store={store} role="application" done={`Drive ${number}: dismount requested.`} run={() => store.api.post('/v1/dismounts', { library, drive: d.index })}>
                      Dismount
                    </Action>
                  )}
                  <Action
                    store={store}
                    role="operator"
                    done={`Drive ${number} ${d.enabled ? 'taken out of service' : 'back in service'}.`}
                    run={() => store.api.post(`/v1/libraries/${encodeURIComponent(library)}/drives/${d.index}/${d.enabled ? 'disable' : 'enable'}`, d.enabled ? { reason: 'taken out of service from the web page' } : {}).then(() => store.loadDetail())}
                  >
                    {d.enabled ? 'Disable' : 'Enable'}
                  </Action>
                  <Action store={store} role="operator" done={`Drive ${number}: cleaning requested.`} run={() => store.api.post(`/v1/libraries/${encodeURIComponent(library)}/clean`, { drive: d.index })}>
                    Clean
                  </Action>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
