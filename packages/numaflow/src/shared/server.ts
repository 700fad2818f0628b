import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { stderrLogger, type Logger } from './logging.js';
import { serverInfo, writeServerInfo } from './server-info.js';
import { endpointPaths, unixTarget, type EndpointKind } from './socket.js';

export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface ServerOptions {
  /** Folder for the socket and server-info file. Default: NUMALOGIC_SOCKET_DIR, else /var/run/numaflow. */
  socketDir?: string;
  /** How long a shutdown waits for in-flight work before cutting streams. Default 15000 ms. */
  gracePeriodMs?: number;
  /** Stop on SIGTERM/SIGINT and exit the process (0). Default true. */
  handleSignals?: boolean;
  /** Exit the process (1) after a handler error has been reported. Default true. */
  exitOnError?: boolean;
  /** Where the SDK logs. Default: stderr. */
  logger?: Logger;
}

/** What a kind (map, reduce, ...) plugs into the shared server. */
export interface ServingSpec {
  kind: EndpointKind;
  infoMetadata: Record<string, string>;
  definition: ServiceDefinition;
  /** Builds the gRPC implementation; `fail` reports a handler error (the server then stops). */
  implementation(hooks: ServiceHooks): UntypedServiceImplementation;
}

export interface ServiceHooks {
  logger: Logger;
  /** Called once a stream has reported a handler error to its client. */
  onHandlerError(err: unknown): void;
  /** Registers a draining callback run when shutdown begins; returns an unregister function. */
  onDrain(callback: () => void): () => void;
}

export type ServerState = 'new' | 'serving' | 'stopping' | 'stopped';

/** A UDF server on a Unix socket, with its server-info file, signals and graceful shutdown. */
export class UdfServer {
  readonly socketPath: string;
  readonly serverInfoPath: string;
  readonly #spec: ServingSpec;
  readonly #options: Required<Omit<ServerOptions, 'socketDir'>>;
  readonly #grpc: Server;
  readonly #drainers = new Set<() => void>();
  #state: ServerState = 'new';
  #stopping: Promise<void> | undefined;
  #exitCode = 0;
  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.#options.logger.info(`${signal} received, shutting down`);
    void this.stop().then(() => process.exit(this.#exitCode));
  };

  constructor(spec: ServingSpec, options: ServerOptions = {}) {
    this.#spec = spec;
    const paths = endpointPaths(spec.kind, options.socketDir);
    this.socketPath = paths.socketPath;
    this.serverInfoPath = paths.serverInfoPath;
    this.#options = {
      gracePeriodMs: options.gracePeriodMs ?? 15_000,
      handleSignals: options.handleSignals ?? true,
      exitOnError: options.exitOnError ?? true,
      logger: options.logger ?? stderrLogger,
    };
    this.#grpc = new Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    });
  }

  get state(): ServerState {
    return this.#state;
  }

  /** Binds the socket (removing a stale one first), then writes the server-info file. */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`server already ${this.#state}`);
    this.#state = 'serving';
    const hooks: ServiceHooks = {
      logger: this.#options.logger,
      onHandlerError: () => this.#failed(),
      onDrain: (callback) => {
        this.#drainers.add(callback);
        return () => this.#drainers.delete(callback);
      },
    };
    this.#grpc.addService(this.#spec.definition, this.#spec.implementation(hooks));
    await mkdir(dirname(this.socketPath), { recursive: true });
    await rm(this.socketPath, { force: true });
    await rm(this.serverInfoPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.#grpc.bindAsync(unixTarget(this.socketPath), ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      );
    });
    await writeServerInfo(this.serverInfoPath, serverInfo(this.#spec.infoMetadata));
    if (this.#options.handleSignals) {
      process.once('SIGTERM', this.#onSignal);
      process.once('SIGINT', this.#onSignal);
    }
    this.#options.logger.info(`${this.#spec.kind} server listening on ${this.socketPath}`);
  }

  /**
   * Stops taking new streams, lets in-flight work finish (streams end once idle), then removes the
   * socket and server-info file. After the grace period remaining streams are cut.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    if (this.#state === 'new') {
      this.#state = 'stopped';
      return;
    }
    this.#state = 'stopping';
    process.removeListener('SIGTERM', this.#onSignal);
    process.removeListener('SIGINT', this.#onSignal);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#options.logger.info(`grace period of ${this.#options.gracePeriodMs} ms over, cutting open streams`);
        this.#grpc.forceShutdown();
        resolve();
      }, this.#options.gracePeriodMs);
      timer.unref();
      this.#grpc.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const drain of [...this.#drainers]) drain();
    });
    await rm(this.socketPath, { force: true });
    await rm(this.serverInfoPath, { force: true });
    this.#state = 'stopped';
    this.#options.logger.info(`${this.#spec.kind} server stopped`);
  }

  #failed(): void {
    this.#exitCode = 1;
    // Let the error status reach the client before the server goes away.
    setImmediate(() => {
      void this.stop().then(() => {
        if (this.#options.exitOnError) process.exit(1);
      });
    });
  }
}
