/** The last requests the on-device model served: per-request measures, two charts and totals. Local only. */
import type { RequestRecord } from '../monitoring/request-log';
import { summarizeRequests } from '../monitoring/request-log';
import { summarizeSpeeds } from '../monitoring/speed-summary';
import { backendName } from '../ui/format';
import { failureText, formatMs, formatRate } from './format';
import { RequestChart } from './RequestChart';

interface Props {
  log: RequestRecord[];
  onClear: () => void;
}

const OUTCOME_LABELS: Record<RequestRecord['outcome'], string> = {
  done: 'Done',
  error: 'Error',
  cancelled: 'Cancelled',
};

export function PerformanceSection({ log, onClear }: Props) {
  const totals = summarizeRequests(log);
  const speeds = summarizeSpeeds(log);
  const newestFirst = [...log].reverse();
  return (
    <section aria-labelledby="performance-heading" id="performance">
      <h2 id="performance-heading">Performance</h2>
      {log.length === 0 ? (
        <p class="hint" data-testid="performance-empty">
          No requests yet. Ask about an image and its timings appear here.
        </p>
      ) : (
        <>
          <dl class="totals" data-testid="performance-totals">
            <div>
              <dt>Requests</dt>
              <dd>{totals.requests}</dd>
            </div>
            <div>
              <dt>Done / errors / cancelled</dt>
              <dd>
                {totals.done} / {totals.errors} / {totals.cancelled}
              </dd>
            </div>
            <div>
              <dt>Tokens</dt>
              <dd>{totals.tokens}</dd>
            </div>
            <div>
              <dt>Mean time to first token</dt>
              <dd>{formatMs(totals.meanTimeToFirstTokenMs)}</dd>
            </div>
            <div>
              <dt>Mean speed</dt>
              <dd>{formatRate(totals.meanTokensPerSecond)}</dd>
            </div>
            <div>
              <dt>WebGPU / WASM</dt>
              <dd>
                {totals.byBackend.webgpu} / {totals.byBackend.wasm}
              </dd>
            </div>
          </dl>
          <div class="charts">
            <RequestChart
              label="Time to first token"
              unit="ms"
              values={log.map((r) => r.timeToFirstTokenMs)}
              format={(x) => formatMs(x)}
              colorVar="--accent"
            />
            <RequestChart
              label="Speed"
              unit="tokens/s"
              values={log.map((r) => r.tokensPerSecond)}
              format={(x) => formatRate(x)}
              colorVar="--ship"
            />
          </div>
          {speeds.rows.length > 0 && (
            <div class="table-wrap">
              <table data-testid="measured-speed">
                <caption>
                  Measured on this device: Automatic picks the backend and image detail from these
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col">Backend</th>
                    <th scope="col">Image view</th>
                    <th scope="col">Prompt reading</th>
                    <th scope="col">Writing</th>
                    <th scope="col">Reload</th>
                    <th scope="col">Answers</th>
                  </tr>
                </thead>
                <tbody>
                  {speeds.rows.map((row) => (
                    <tr key={`${row.modelId}|${row.backend}`}>
                      <td class="model">{row.modelId}</td>
                      <td>{backendName(row.backend)}</td>
                      <td>{row.speed.msPerView === null ? '—' : `${formatMs(row.speed.msPerView)} each`}</td>
                      <td>{formatRate(row.speed.prefillTokensPerSecond)}</td>
                      <td>{formatRate(row.speed.decodeTokensPerSecond)}</td>
                      <td>{formatMs(row.speed.loadMs)}</td>
                      <td>{row.speed.samples}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {speeds.automatic.map((a) => (
                <p class="hint" key={a.modelId} data-testid="automatic-choice">
                  Automatic runs {a.modelId} on {a.reason}
                </p>
              ))}
            </div>
          )}
          <div class="table-wrap">
            <table data-testid="request-log">
              <caption>Last {log.length} requests, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Model</th>
                  <th scope="col">Backend</th>
                  <th scope="col">Load</th>
                  <th scope="col">First token</th>
                  <th scope="col">Speed</th>
                  <th scope="col">Tokens</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst.map((r) => (
                  <tr key={r.requestId} data-outcome={r.outcome}>
                    <td>{new Date(r.at).toLocaleTimeString()}</td>
                    <td class="model">{r.modelId}</td>
                    <td>{r.backend === null ? '—' : backendName(r.backend)}</td>
                    <td>{formatMs(r.loadMs)}</td>
                    <td>{formatMs(r.timeToFirstTokenMs)}</td>
                    <td>{formatRate(r.tokensPerSecond)}</td>
                    <td>{r.tokens}</td>
                    <td class={`outcome ${r.outcome}`} title={r.errorCode}>
                      {r.outcome === 'error' ? failureText(r.errorCode) : OUTCOME_LABELS[r.outcome]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="row">
            <button type="button" onClick={onClear}>
              Clear the log
            </button>
          </div>
        </>
      )}
    </section>
  );
}
