// What an operator watches on a host, in Prometheus' text format (GET /metrics): calls and
// their failures, label writes and how long they took (a histogram, so p50/p99 can be read
// across hosts), live connections, and for a team host whether its database link is up.
// Written by hand rather than with a client library: a dozen counters need no dependency.

/** Upper bounds (seconds) of the label-write latency histogram. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class HostMetrics {
  calls = 0;
  callErrors = 0;
  labelWrites = 0;
  private readonly writeBuckets = new Array<number>(BUCKETS.length).fill(0);
  private writeSum = 0;
  private readonly started = Date.now();

  /** Counts one answered call; label writes also feed the latency histogram. */
  noteCall(method: string, ok: boolean, seconds: number): void {
    this.calls++;
    if (!ok) this.callErrors++;
    if (method !== 'labels.add' || !ok) return;
    this.labelWrites++;
    this.writeSum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) this.writeBuckets[i]!++;
  }

  /** The text exposition; `extra` are gauges the server knows at scrape time. */
  render(extra: { connections: number; cutOff: number; team: { connected: boolean; disconnects: number; applied: number; trainer: boolean } | null }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, values: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of values) lines.push(`${name}${labels} ${v}`);
    };
    metric('seislabel_uptime_seconds', 'gauge', 'Seconds since the host started.', [['', Math.round((Date.now() - this.started) / 1000)]]);
    metric('seislabel_ws_connections', 'gauge', 'WebSocket clients connected now.', [['', extra.connections]]);
    metric('seislabel_ws_cut_off_total', 'counter', 'Clients cut off for not reading their answers.', [['', extra.cutOff]]);
    metric('seislabel_calls_total', 'counter', 'API calls answered.', [['', this.calls]]);
    metric('seislabel_call_errors_total', 'counter', 'API calls answered with an error.', [['', this.callErrors]]);
    lines.push('# HELP seislabel_label_write_seconds Time from a label call starting to its acknowledgement.', '# TYPE seislabel_label_write_seconds histogram');
    BUCKETS.forEach((b, i) => lines.push(`seislabel_label_write_seconds_bucket{le="${b}"} ${this.writeBuckets[i]}`));
    lines.push(`seislabel_label_write_seconds_bucket{le="+Inf"} ${this.labelWrites}`, `seislabel_label_write_seconds_sum ${this.writeSum}`, `seislabel_label_write_seconds_count ${this.labelWrites}`);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the host process.', [['', process.memoryUsage().rss]]);
    if (extra.team) {
      metric('seislabel_team_db_up', 'gauge', '1 while the host is connected to its team database.', [['', extra.team.connected ? 1 : 0]]);
      metric('seislabel_team_db_disconnects_total', 'counter', 'Times the team database connection was lost.', [['', extra.team.disconnects]]);
      metric('seislabel_team_events_applied_total', 'counter', 'Label events from other hosts applied here.', [['', extra.team.applied]]);
      metric('seislabel_team_trainer', 'gauge', '1 while this host trains the team\'s models (one host at a time).', [['', extra.team.trainer ? 1 : 0]]);
    }
    return `${lines.join('\n')}\n`;
  }
}
