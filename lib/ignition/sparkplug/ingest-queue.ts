import 'server-only';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { recordDeadLetter, type DeadLetterInput } from '@/lib/ignition/mqtt/record-dead-letter';
import { retryDatabaseWork, StoppedError } from '@/lib/ignition/mqtt/retry-database-work';
import { recordSourceStatus } from '@/lib/ignition/sparkplug/record-source-status';
import type { MappedEvents, SourceStatus } from '@/lib/ignition/sparkplug/host-session';
import type { Logger } from '@/lib/log';

type Task = { kind: 'events'; batch: MappedEvents } | { kind: 'status'; status: SourceStatus } | { kind: 'dead'; letter: DeadLetterInput };

export interface IngestQueueStats {
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  deadLetters: number;
  statusChanges: number;
}

/**
 * Writes what the Sparkplug host decides, in the order it decided it: events
 * (consecutive ones merged into batches of up to 1,000 for one commit), source
 * status changes and dead letters. Sparkplug data is QoS 0, so nothing waits
 * for an acknowledgement; the queue's length is what the host uses to slow the
 * broker down (it stops reading the socket while the queue is full).
 */
export class SparkplugIngestQueue {
  readonly stats: IngestQueueStats = { events: 0, accepted: 0, duplicates: 0, rejected: 0, deadLetters: 0, statusChanges: 0 };
  private readonly tasks: Task[] = [];
  private pendingEvents = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly options: { maxBatch?: number; highWater?: number } = {},
  ) {}

  push(task: Task): void {
    if (this.stopped) return;
    this.tasks.push(task);
    if (task.kind === 'events') this.pendingEvents += task.batch.events.length;
    // Pushes come from MQTT callbacks (macrotasks): they cannot fall between the
    // loop's last look at the queue and this reset (microtasks).
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the queue is below its high-water mark. */
  async waitForRoom(): Promise<void> {
    while (this.pendingEvents >= (this.options.highWater ?? 20_000) && !this.stopped) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Resolves when everything pushed so far is written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  get length(): number {
    return this.pendingEvents;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w();
  }

  private async run(): Promise<void> {
    try {
      while (this.tasks.length && !this.stopped) {
        const head = this.tasks[0];
        if (head.kind === 'events') {
          const group = this.takeEvents();
          await this.writeEvents(group);
          this.pendingEvents -= group.reduce((n, b) => n + b.events.length, 0);
          for (const w of this.waiters.splice(0)) w();
        } else {
          this.tasks.shift();
          if (head.kind === 'status') await this.writeStatus(head.status);
          else await this.writeDeadLetter(head.letter);
        }
      }
    } catch (e) {
      if (!(e instanceof StoppedError)) this.log.error('sparkplug ingest queue failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Consecutive event batches of one site and sender, up to maxBatch events. */
  private takeEvents(): MappedEvents[] {
    const max = this.options.maxBatch ?? 1000;
    const first = this.tasks.shift() as Extract<Task, { kind: 'events' }>;
    const group = [first.batch];
    let n = first.batch.events.length;
    while (this.tasks.length) {
      const next = this.tasks[0];
      if (next.kind !== 'events' || next.batch.site !== first.batch.site || next.batch.gateway !== first.batch.gateway || n + next.batch.events.length > max) break;
      this.tasks.shift();
      group.push(next.batch);
      n += next.batch.events.length;
    }
    return group;
  }

  private async writeEvents(group: MappedEvents[]): Promise<void> {
    const { site, gateway } = group[0];
    const events = group.flatMap((b) => b.events);
    const topics = group.flatMap((b) => b.events.map(() => b.topic));
    const result = await retryDatabaseWork({
      what: `${events.length} Sparkplug events from ${gateway}`,
      log: this.log,
      isStopped: () => this.stopped,
      work: () => ingestPlantEvents({ gateway, allowedSites: [site] }, events),
      giveUp: async (error) => {
        for (const b of group) await recordDeadLetter({ source: 'sparkplug', topic: b.topic, siteId: site, payload: Buffer.from(JSON.stringify(b.events)), error: `could not be stored: ${error.message}` });
        return { accepted: 0, duplicates: 0, rejected: events.map((e, index) => ({ index, id: null, errors: [error.message] })) };
      },
    });
    this.stats.events += events.length;
    this.stats.accepted += result.accepted;
    this.stats.duplicates += result.duplicates;
    this.stats.rejected += result.rejected.length;
    for (const r of result.rejected) {
      const event = events[r.index];
      // An event the mapping produced but the schema refused (e.g. a State tag holding "BROKEN").
      await this.writeDeadLetter({ source: 'sparkplug', topic: topics[r.index], siteId: site, payload: Buffer.from(JSON.stringify(event)), error: r.errors.join('; '), details: [r] });
    }
  }

  private async writeStatus(status: SourceStatus): Promise<void> {
    await retryDatabaseWork({
      what: `status of ${status.group}/${status.node}${status.device ? '/' + status.device : ''}`,
      log: this.log,
      isStopped: () => this.stopped,
      work: () => recordSourceStatus(status),
      // A status write does not fail for its content: keep trying (giving up would lose a death).
      giveUp: () => recordSourceStatus(status),
      maxFailures: Infinity,
    });
    this.stats.statusChanges++;
  }

  private async writeDeadLetter(letter: DeadLetterInput): Promise<void> {
    await retryDatabaseWork({
      what: `dead letter for ${letter.topic}`,
      log: this.log,
      isStopped: () => this.stopped,
      work: () => recordDeadLetter(letter),
      giveUp: async (error) => this.log.error('dead letter could not be stored', { topic: letter.topic, error: error.message }),
    });
    this.stats.deadLetters++;
  }
}
