import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NativeConnection, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createActivities, createLaunchActivities, createNotificationActivities } from '@uplift/activities';
import { type UpliftConfig, CONFIG, projectRoot } from '@uplift/config';
import { Mailer, TemplateRenderer } from '@uplift/notifications';
import {
  TypeOrmDirectory,
  EvaluationLinks,
  TypeOrmEmailLog,
  SqlJourneyRepository,
  SqlLaunchQueue,
  SqlActivityFailureLog,
  SqlBatchRepository,
  SqlDeferredEmails,
  SqlDigestItems,
} from '@uplift/persistence';
import { batchActivities } from './batch-deps';
import { roundCloseActivities } from './round-close-deps';
import {
  JourneyClient,
  connectClient,
  connectWorker,
  ensureSearchAttributes,
  temporalSettings,
  upliftDataConverter,
  workflowBundlerOptions,
  workflowsPath,
} from '@uplift/temporal';
import { Client } from '@temporalio/client';
import { activityFailures } from './activity-failures.interceptor';
import { activityMetrics } from './activity-metrics.interceptor';
import { WorkerMetrics } from './worker-metrics';
import { deliveryCalendar, ensureNotificationDispatch } from './notification-dispatch';

/** The prebuilt bundle (`npm run build`) when present; otherwise the worker bundles the sources itself. */
export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const bundle = join(projectRoot(), 'dist', 'workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: workflowsPath(), bundlerOptions: workflowBundlerOptions() };
}

/** Beyond the grace time, the worker stops waiting for activities that ignore their cancellation. */
const FORCE_AFTER_GRACE_MS = 15_000;

@Injectable()
export class JourneyWorkerService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('JourneyWorker');
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private stopping = false;
  private mailer?: Mailer;
  private client?: Client;

  constructor(
    @Inject(CONFIG) private readonly config: UpliftConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** RUNNING once polling has begun; the readiness line in main.ts names it. */
  get state(): State | 'NOT_CREATED' {
    return this.worker?.getState() ?? 'NOT_CREATED';
  }

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const settings = temporalSettings(c);
    this.client = await connectClient(settings);
    await ensureSearchAttributes(this.client, c.TEMPORAL_NAMESPACE);
    const journeys = new JourneyClient(this.client, c.TEMPORAL_TASK_QUEUE);
    this.mailer = new Mailer(c.SMTP_URL, c.MAIL_FROM);
    this.connection = await connectWorker(settings);
    // Launches start journeys through the worker's own connection, so each new journey's first task
    // can come straight back to this worker (eager workflow start) instead of through the queue.
    const launcher = new JourneyClient(
      new Client({
        connection: this.connection,
        namespace: c.TEMPORAL_NAMESPACE,
        dataConverter: upliftDataConverter(settings.payloadKeys),
      }),
      c.TEMPORAL_TASK_QUEUE,
      { eagerStart: true, onStarted: (eagerly) => eagerly && this.metrics.journeysStartedEagerly.inc() },
    );
    const failures = new SqlActivityFailureLog(this.dataSource);
    // Journey emails and the dispatcher share one delivery: the same directory, queue and calendar.
    const delivery = {
      readModel: new SqlJourneyRepository(this.dataSource),
      emailLog: new TypeOrmEmailLog(this.dataSource),
      directory: new TypeOrmDirectory(this.dataSource),
      links: new EvaluationLinks(this.dataSource),
      mailer: this.mailer,
      templates: new TemplateRenderer(),
      publicBaseUrl: c.PUBLIC_BASE_URL,
      skips: failures,
      queue: {
        deferred: new SqlDeferredEmails(this.dataSource),
        digests: new SqlDigestItems(this.dataSource),
      },
      calendar: deliveryCalendar(c.UPLIFT_TEST_CALENDAR),
    };
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      dataConverter: upliftDataConverter(settings.payloadKeys),
      ...workflowSource(),
      activities: {
        ...createLaunchActivities({
          queue: new SqlLaunchQueue(this.dataSource),
          startJourney: (input) => launcher.start(input),
        }),
        ...roundCloseActivities(new SqlLaunchQueue(this.dataSource), this.client, journeys),
        ...batchActivities(
          new SqlBatchRepository(this.dataSource),
          new SqlLaunchQueue(this.dataSource),
          this.client,
          journeys,
        ),
        ...createActivities(delivery),
        ...createNotificationActivities(delivery),
      },
      // Journeys wait months between steps: keep the busy ones cached, replay the rest on demand.
      maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivityTaskExecutions: c.WORKER_MAX_CONCURRENT_ACTIVITIES,
      reuseV8Context: true,
      interceptors: { activity: [activityMetrics(this.metrics), activityFailures(failures, this.logger)] },
      // On shutdown, activities in flight (an email being sent, a launch batch) get this long to
      // finish before they are cancelled; Temporal retries whatever did not.
      shutdownGraceTime: c.SHUTDOWN_GRACE_SECONDS * 1000,
      shutdownForceTime: c.SHUTDOWN_GRACE_SECONDS * 1000 + FORCE_AFTER_GRACE_MS,
    });
    await ensureNotificationDispatch(this.client, c.TEMPORAL_TASK_QUEUE, c.NOTIFICATION_DISPATCH_SECONDS);
    this.running = this.worker.run();
    this.running.then(
      () => this.stoppedByItself(null),
      (err: unknown) => this.stoppedByItself(err),
    );
    this.logger.log(`polling task queue ${c.TEMPORAL_TASK_QUEUE} on ${c.TEMPORAL_ADDRESS}`);
  }

  /**
   * A worker that stops without being asked (a fatal error in the SDK, its connection given up) must
   * not leave a process that looks alive and polls nothing: shut down and exit non-zero, so the
   * supervisor (npm start, compose, Kubernetes) restarts it.
   */
  private stoppedByItself(err: unknown): void {
    if (this.stopping) return;
    this.logger.error(`worker stopped by itself${err ? `: ${String(err)}` : ''}; exiting`);
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  }

  /**
   * Drains before any module's onApplicationShutdown, where TypeORM closes the pool: activities
   * finishing during the grace time still have their database.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.worker?.getState() === 'RUNNING') {
      this.logger.log(`draining: activities in flight get up to ${this.config.SHUTDOWN_GRACE_SECONDS} s`);
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
    await this.client?.connection.close();
    this.mailer?.close();
  }
}
